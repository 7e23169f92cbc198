// Starts every GOV.UK Frontend component on the page. A module file rather than an inline
// script, for the Content-Security-Policy; the import is relative so it resolves beside this
// file under any STATIC_URL.
import { initAll } from "./govuk-frontend.min.js";

initAll();
