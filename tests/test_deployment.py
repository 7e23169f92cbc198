"""The deployment files name code that exists.

No container is started here. These tests read ``docker-compose.yml`` and the ``Dockerfile``,
work out which Python modules each process would load (the gunicorn app, the Celery app,
``manage.py``, modules imported by ``python -c`` healthchecks) and check that those modules are
in the repository and define what is asked of them, so that renaming ``vpp_portal.wsgi`` or
``vpp_portal/celery.py`` fails here rather than in a container that never becomes healthy.
Last, ``manage.py check --deploy`` runs with production settings and must find nothing.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from gunicorn.config import Config as GunicornConfig

REPO = Path(__file__).resolve().parent.parent
COMPOSE_FILE = REPO / "docker-compose.yml"
DOCKERFILE = REPO / "Dockerfile"

EXPECTED_SERVICES = ("postgres", "redis", "web", "worker", "beat")
APP_SERVICES = ("web", "worker", "beat")

SHELLS = {"sh", "bash", "dash", "ash"}
SHELL_OPERATORS = {"&&", "||", ";", ";;", "|", "&"}
PYTHON = re.compile(r"python(3(\.\d+)?)?")
ENV_ASSIGNMENT = re.compile(r"[A-Za-z_]\w*=.*")

Command = str | list[str]


# --- Reading commands ----------------------------------------------------------------------------


def simple_commands(command: Command) -> list[list[str]]:
    """The simple commands that ``command`` runs, looking inside ``sh -c "... && ..."``.

    A string is split the way Compose splits ``command:`` (no shell), a list is taken as argv.
    Shell operators outside a shell are an error: Compose would pass ``&&`` on as an argument.
    """
    argv = shlex.split(command) if isinstance(command, str) else [str(part) for part in command]
    if argv and Path(argv[0]).name in SHELLS:
        for index, flag in enumerate(argv[1:-1], start=1):
            if re.fullmatch(r"-[a-z]*c[a-z]*", flag):
                return _split_shell_script(argv[index + 1])
        return []
    operators = SHELL_OPERATORS.intersection(argv)
    if operators:
        raise ValueError(
            f"{command!r} uses {sorted(operators)} without a shell; wrap it in sh -c '...'"
        )
    return [argv]


def _split_shell_script(script: str) -> list[list[str]]:
    script = script.replace("\\\n", " ").replace("\n", " ; ")
    lexer = shlex.shlex(script, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    commands: list[list[str]] = [[]]
    for token in lexer:
        if token in SHELL_OPERATORS:
            commands.append([])
        else:
            commands[-1].append(token)
    return [argv for argv in commands if argv]


def _without_prefixes(argv: list[str]) -> list[str]:
    """Drop ``exec``, ``env`` and ``VAR=value`` in front of the program."""
    while argv and (argv[0] in {"exec", "env"} or ENV_ASSIGNMENT.fullmatch(argv[0])):
        argv = argv[1:]
    return argv


def modules_named_by(command: Command) -> list[str]:
    """Python modules that ``command`` loads, as ``package.module`` or ``package.module:attr``.

    ``gunicorn X.Y:attr`` names ``X.Y:attr``; ``celery -A pkg`` names ``pkg.celery:app`` (the
    module Celery falls back to for a package); ``python manage.py ...`` names ``manage``;
    ``python -m X`` names ``X``; ``python -c CODE`` names the modules CODE imports.
    """
    named: list[str] = []
    for argv in simple_commands(command):
        named.extend(_modules_named_by_argv(_without_prefixes(argv)))
    return named


def _modules_named_by_argv(argv: list[str]) -> list[str]:
    if not argv:
        return []
    program, args = Path(argv[0]).name, argv[1:]
    if program == "gunicorn":
        return [_gunicorn_app(args)]
    if program == "celery":
        return [_celery_app(args)]
    if PYTHON.fullmatch(program):
        return _modules_named_by_python(args)
    return []


def _gunicorn_app(args: list[str]) -> str:
    try:
        parsed = GunicornConfig().parser().parse_args(args)
    except SystemExit as exc:
        raise ValueError(f"gunicorn rejects the arguments {args!r}") from exc
    if not parsed.args:
        raise ValueError(f"gunicorn is given no application module in {args!r}")
    app = parsed.args[0]
    return app if ":" in app else f"{app}:application"


def _celery_app(args: list[str]) -> str:
    app = None
    for index, arg in enumerate(args):
        if arg in {"-A", "--app"} and index + 1 < len(args):
            app = args[index + 1]
        elif arg.startswith("--app="):
            app = arg.removeprefix("--app=")
        elif arg.startswith("-A") and len(arg) > 2:
            app = arg[2:]
    if not app:
        raise ValueError(f"celery is given no app (-A) in {args!r}")
    if ":" in app or "." in app:
        return app
    return f"{app}.celery:app"


def _modules_named_by_python(args: list[str]) -> list[str]:
    while args and args[0].startswith("-") and args[0] not in {"-m", "-c"}:
        args = args[2:] if args[0] in {"-W", "-X"} else args[1:]
    if not args:
        return []
    if args[0] == "-m":
        if len(args) < 2:
            raise ValueError("python -m is given no module")
        module, rest = args[1], args[2:]
        if module in {"gunicorn", "celery"}:
            return _modules_named_by_argv([module, *rest])
        return [module]
    if args[0] == "-c":
        if len(args) < 2:
            raise ValueError("python -c is given no code")
        return _modules_imported_by(args[1])
    script = args[0]
    return [script.removesuffix(".py").replace("/", ".")]


def _modules_imported_by(code: str) -> list[str]:
    named: list[str] = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            named.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            named.extend(f"{node.module}:{alias.name}" for alias in node.names)
    return named


# --- Checking that modules exist ----------------------------------------------------------------


def module_file(module: str, root: Path = REPO) -> Path | None:
    """The file in the repository that ``module`` is loaded from, if there is one."""
    base = root.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def top_level_names(path: Path) -> set[str]:
    """Names a module binds at import time (assignments, defs, classes, imports)."""
    names: set[str] = set()

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
            elif isinstance(node, ast.AnnAssign | ast.AugAssign) and isinstance(
                node.target, ast.Name
            ):
                names.add(node.target.id)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                names.update((a.asname or a.name).split(".")[0] for a in node.names)
            elif isinstance(node, ast.If | ast.With):
                visit(node.body)
                visit(getattr(node, "orelse", []))
            elif isinstance(node, ast.Try):
                visit(node.body)
                visit(node.orelse)
                visit(node.finalbody)
                for handler in node.handlers:
                    visit(handler.body)

    visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)).body)
    return names


def _is_installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def problem_with(reference: str, root: Path = REPO) -> str | None:
    """Why ``module`` or ``module:attr`` would fail to load, or None if it is there.

    Project modules are checked on disk without importing them. A module that is not in the
    repository must be installed (e.g. ``urllib.request`` in a healthcheck).
    """
    module, _, attr = reference.partition(":")
    path = module_file(module, root)
    if path is None:
        if _is_installed(module):
            return None
        return f"{reference!r}: {module!r} is neither a file in the repository nor installed"
    if attr and attr not in top_level_names(path):
        return f"{reference!r}: {path.relative_to(root)} does not define {attr!r}"
    return None


# --- Reading the deployment files ---------------------------------------------------------------


def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def service(name: str) -> dict:
    services = compose()["services"]
    assert name in services, f"docker-compose.yml has no {name!r} service"
    return services[name]


def healthcheck_command(definition: dict) -> list[str] | None:
    """The argv a Compose healthcheck runs, or None if it has none (or is disabled)."""
    healthcheck = definition.get("healthcheck") or {}
    test = healthcheck.get("test")
    if healthcheck.get("disable") or not test:
        return None
    if isinstance(test, str):
        return ["sh", "-c", test]
    kind, *rest = test
    if kind == "CMD" and rest:
        return rest
    if kind == "CMD-SHELL" and rest:
        return ["sh", "-c", " ".join(rest)]
    return None


def environment(definition: dict) -> dict[str, str]:
    env = definition.get("environment") or {}
    if isinstance(env, list):
        return dict(item.partition("=")[::2] for item in env)
    return {key: str(value) for key, value in env.items()}


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        keyword, _, arguments = (pending + stripped).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return instructions


def dockerfile_cmd() -> list[str]:
    cmds = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "CMD"]
    assert cmds, "the Dockerfile has no CMD"
    final = cmds[-1]
    return json.loads(final) if final.startswith("[") else ["sh", "-c", final]


# --- The helpers, on literal commands -----------------------------------------------------------


def test_a_gunicorn_command_names_its_wsgi_module_and_attribute():
    command = "gunicorn vpp_portal.wsgi:application --bind 0.0.0.0:8000 --workers 3"
    assert modules_named_by(command) == ["vpp_portal.wsgi:application"]


def test_a_gunicorn_module_without_an_attribute_means_application():
    assert modules_named_by(["gunicorn", "-b", "127.0.0.1:80", "site.wsgi"]) == [
        "site.wsgi:application"
    ]


def test_a_shell_command_names_the_modules_of_every_step():
    command = [
        "sh",
        "-c",
        "python manage.py migrate --noinput && exec gunicorn config.wsgi:app -b 0.0.0.0:80",
    ]
    assert modules_named_by(command) == ["manage", "config.wsgi:app"]


def test_a_celery_command_names_the_celery_module_of_its_app_package():
    assert modules_named_by("celery -A vpp_portal worker --loglevel=info") == [
        "vpp_portal.celery:app"
    ]
    assert modules_named_by("celery --app=proj.tasks:worker_app beat") == ["proj.tasks:worker_app"]


def test_a_python_healthcheck_names_the_modules_it_imports():
    code = "import urllib.request; from vpp_portal.celery import app"
    assert modules_named_by(["python", "-c", code]) == ["urllib.request", "vpp_portal.celery:app"]


def test_commands_that_run_no_python_name_no_modules():
    assert modules_named_by(["redis-cli", "ping"]) == []
    assert modules_named_by(["sh", "-c", "pg_isready -U vpp -d vpp"]) == []


def test_chaining_commands_without_a_shell_is_rejected():
    with pytest.raises(ValueError, match="without a shell"):
        modules_named_by("python manage.py migrate && gunicorn vpp_portal.wsgi:application")


def test_a_gunicorn_command_without_an_application_is_rejected():
    with pytest.raises(ValueError, match="no application module"):
        modules_named_by("gunicorn --bind 0.0.0.0:8000 --workers 3")


def test_a_renamed_module_or_attribute_is_reported(tmp_path):
    package = tmp_path / "renamed_portal"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "wsgi.py").write_text("application = object()\n")
    (package / "celery.py").write_text("from celery import Celery\napp = Celery()\n")

    assert problem_with("renamed_portal.wsgi:application", tmp_path) is None
    assert problem_with("renamed_portal.celery:app", tmp_path) is None
    assert "does not define 'app'" in problem_with("renamed_portal.wsgi:app", tmp_path)
    assert "neither a file" in problem_with("renamed_portal.wsgy:application", tmp_path)
    assert "neither a file" in problem_with("old_portal.celery:app", tmp_path)


# --- docker-compose.yml -------------------------------------------------------------------------


def test_compose_file_defines_the_database_broker_web_worker_and_beat_services():
    services = compose()["services"]
    missing = [name for name in EXPECTED_SERVICES if name not in services]
    assert not missing, f"docker-compose.yml lacks services {missing}"
    assert "version" not in compose(), "the Compose spec has no top-level 'version' key"


def test_every_compose_service_declares_a_healthcheck():
    services = compose()["services"]
    without = [name for name, definition in services.items() if not healthcheck_command(definition)]
    assert not without, f"services without an enabled healthcheck: {without}"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_module_an_app_service_runs_exists_in_the_repository(name):
    definition = service(name)
    assert definition.get("command"), f"{name} has no command"
    named = modules_named_by(definition["command"])
    assert named, f"{name}'s command {definition['command']!r} starts no Python module"
    problems = [problem for ref in named if (problem := problem_with(ref))]
    assert not problems, f"{name}'s command names missing code: {problems}"


@pytest.mark.parametrize("name", EXPECTED_SERVICES)
def test_every_module_a_healthcheck_runs_exists(name):
    command = healthcheck_command(service(name))
    assert command, f"{name} has no healthcheck"
    problems = [problem for ref in modules_named_by(command) if (problem := problem_with(ref))]
    assert not problems, f"{name}'s healthcheck names missing code: {problems}"


def test_web_service_serves_the_portal_wsgi_application_with_gunicorn():
    assert "vpp_portal.wsgi:application" in modules_named_by(service("web")["command"])


def test_web_service_migrates_the_database_before_starting_gunicorn():
    steps = [_without_prefixes(argv) for argv in simple_commands(service("web")["command"])]
    migrate = [i for i, argv in enumerate(steps) if argv[1:3] == ["manage.py", "migrate"]]
    gunicorn = [i for i, argv in enumerate(steps) if Path(argv[0]).name == "gunicorn"]
    assert migrate, f"the web command never runs 'manage.py migrate': {steps}"
    assert gunicorn, f"the web command never starts gunicorn: {steps}"
    assert migrate[0] < gunicorn[0], "the web command starts gunicorn before migrating"


def test_web_healthcheck_requests_the_healthz_endpoint_on_port_8000():
    command = " ".join(healthcheck_command(service("web")) or [])
    assert "127.0.0.1:8000/healthz" in command or "localhost:8000/healthz" in command, command


def test_worker_and_beat_run_the_portal_celery_app():
    for name, subcommand in (("worker", "worker"), ("beat", "beat")):
        (argv,) = simple_commands(service(name)["command"])
        assert Path(argv[0]).name == "celery" and subcommand in argv, f"{name}: {argv}"
        assert modules_named_by(argv) == ["vpp_portal.celery:app"], f"{name}: {argv}"


def test_worker_healthcheck_pings_celery_workers():
    command = " ".join(healthcheck_command(service("worker")) or [])
    assert "inspect ping" in command, command
    assert "vpp_portal.celery:app" in modules_named_by(healthcheck_command(service("worker")))


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_a_healthy_database_and_broker(name):
    depends_on = service(name).get("depends_on") or {}
    assert isinstance(depends_on, dict), f"{name}: depends_on must give conditions"
    for dependency in ("postgres", "redis"):
        condition = (depends_on.get(dependency) or {}).get("condition")
        assert condition == "service_healthy", f"{name} does not wait for a healthy {dependency}"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_run_in_production_mode_against_postgres_and_redis(name):
    env = environment(service(name))
    assert env.get("VPP_PRODUCTION") == "true"
    assert env.get("DATABASE_URL", "").startswith("postgres://"), env.get("DATABASE_URL")
    assert "@postgres:5432/" in env["DATABASE_URL"]
    assert env.get("CELERY_BROKER_URL", "").startswith("redis://redis:6379/")
    for required in ("ALLOWED_HOSTS", "DEMO_PASSWORD"):
        assert required in env, f"{name} does not pass {required}"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_compose_refuses_to_start_without_a_secret_key(name):
    secret = environment(service(name)).get("SECRET_KEY", "")
    assert re.fullmatch(r"\$\{SECRET_KEY:\?[^}]+\}", secret), (
        f"{name}'s SECRET_KEY must be required with ${{SECRET_KEY:?...}}, not {secret!r}"
    )


# --- Dockerfile ---------------------------------------------------------------------------------


def test_dockerfile_default_command_serves_the_portal_wsgi_application():
    cmd = dockerfile_cmd()
    named = modules_named_by(cmd)
    assert "vpp_portal.wsgi:application" in named, f"the Dockerfile's CMD is {cmd!r}"
    problems = [problem for ref in named if (problem := problem_with(ref))]
    assert not problems, f"the Dockerfile's CMD names missing code: {problems}"


def test_dockerfile_collects_static_files_after_building_the_front_end_assets():
    instructions = [f"{keyword} {arguments}" for keyword, arguments in dockerfile_instructions()]

    def first(text: str) -> int:
        found = [i for i, line in enumerate(instructions) if text in line]
        assert found, f"the Dockerfile never does {text!r}"
        return found[0]

    assert first("npm ci") < first("npm run build")
    assert first("npm run build") < first("static/build") < first("collectstatic")
    assert first("uv sync --frozen --no-dev") < first("collectstatic")
    assert first("USER ") > first("collectstatic"), "the image should end as a non-root user"
    assert "manage.py" in {path.name for path in REPO.iterdir()}, "collectstatic needs manage.py"


# --- Production settings ------------------------------------------------------------------------


def production_environment(tmp_path: Path, **changes: str) -> dict[str, str]:
    """The environment of a production process: this one's, with every portal setting that
    could tip the check replaced by what a deployment sets."""
    from cryptography.fernet import Fernet

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "SESSION_", "CSRF_", "DJANGO_"))
        and key not in {"DEBUG", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    env.update(
        VPP_PRODUCTION="true",
        SECRET_KEY=secrets.token_urlsafe(48)[:50],
        ALLOWED_HOSTS="portal.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        MFA_ENCRYPTION_KEY=Fernet.generate_key().decode(),
    )
    env.update(changes)
    return env


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_finds_nothing_to_fix_in_production_settings(tmp_path):
    result = check_deploy(production_environment(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_would_catch_hsts_without_subdomains(tmp_path):
    # The check is live: turning a default off makes it fail, so the CI step means something.
    env = production_environment(tmp_path, SECURE_HSTS_INCLUDE_SUBDOMAINS="false")
    result = check_deploy(env)
    assert result.returncode != 0
    assert "security.W005" in result.stdout + result.stderr
