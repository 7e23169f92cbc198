// Starts every GOV.UK Frontend component on the page. A module file rather than an inline
// script, for the Content-Security-Policy; the import is relative so it resolves beside this
// file under any STATIC_URL.
import { initAll } from "./govuk-frontend.min.js";

initAll();

// Controls that only a page without JavaScript needs (htmx does their work here), such as the
// data source form's "Update the agreement list" button, go: so Enter in a text box still
// presses the form's own submit button.
for (const element of document.querySelectorAll("[data-vpp-without-js]")) {
  element.remove();
}

// Radios that reveal the chosen option's fields (vpp_portal.forms.RevealingRadios): GOV.UK's
// conditional reveal, without the aria-expanded that radios may not carry.
for (const group of document.querySelectorAll("[data-vpp-reveal]")) {
  const options = [...group.querySelectorAll(":scope > .govuk-radios__item > input[data-reveals]")];
  const show = () => {
    for (const option of options) {
      const revealed = document.getElementById(option.dataset.reveals);
      revealed?.classList.toggle("govuk-radios__conditional--hidden", !option.checked);
    }
  };
  for (const option of options) option.addEventListener("change", show);
  show();
}
