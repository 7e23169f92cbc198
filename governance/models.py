"""DPIAs, policies, breaches and reminders (registers arrive with their issues)."""
