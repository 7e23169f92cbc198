// Choosers (vpp_portal/choosers.py): a text box marked data-vpp-chooser becomes GOV.UK's
// accessible autocomplete, asking the portal's search endpoint for the rows the user may see.
// The chosen row's id goes into the hidden input named by data-vpp-chooser-id; typing again
// clears it, so the server then looks the typed name up itself (as it does without JavaScript).
// Either way a bubbling "change" event is sent from the hidden input, for forms that react to
// the choice (the data source form refreshes its agreements with htmx).
// A multiple chooser (data-vpp-chooser-multiple) adds each chosen row as a ticked checkbox.
/* global accessibleAutocomplete */

const DELAY_MS = 200;

function escapeHtml(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

function searcher(url) {
  let timer = null;
  let controller = null;
  return (query, populate) => {
    clearTimeout(timer);
    if (query.trim().length < 2) {
      populate([]);
      return;
    }
    timer = setTimeout(async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        const address = `${url}?q=${encodeURIComponent(query)}`;
        const response = await fetch(address, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: controller.signal,
        });
        populate(response.ok ? (await response.json()).results : []);
      } catch (error) {
        if (error.name !== "AbortError") populate([]);
      }
    }, DELAY_MS);
  };
}

// Sets the hidden id and tells listeners (htmx on a wrapper, say) the moment it changes.
function setChosenId(hidden, value) {
  if (!hidden || hidden.value === value) return;
  hidden.value = value;
  hidden.dispatchEvent(new Event("change", { bubbles: true }));
}

function addChosen(container, option) {
  const name = container.dataset.vppChosenName;
  const existing = [...container.querySelectorAll("input[type=checkbox]")].find(
    (box) => box.value === option.value,
  );
  if (existing) {
    existing.checked = true;
    return;
  }
  const id = `${container.dataset.vppChosenBase}-${option.value}`;
  const item = document.createElement("div");
  item.className = "govuk-checkboxes__item";
  const box = document.createElement("input");
  Object.assign(box, { className: "govuk-checkboxes__input", type: "checkbox", name, id });
  box.value = option.value;
  box.checked = true;
  const label = document.createElement("label");
  label.className = "govuk-label govuk-checkboxes__label";
  label.htmlFor = id;
  label.textContent = option.label;
  item.append(box, label);
  container.append(item);
}

// The autocomplete's own input describes itself by its assistive hint only, and drops even that
// once the user types; the field's hint and error message (which the server's input named in
// aria-describedby) are put back whenever it rewrites the attribute.
function keepDescriptions(input, ids) {
  if (!ids.length) return;
  const restore = () => {
    const current = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    const missing = ids.filter((id) => !current.includes(id));
    if (missing.length) input.setAttribute("aria-describedby", [...current, ...missing].join(" "));
  };
  restore();
  new MutationObserver(restore).observe(input, {
    attributes: true,
    attributeFilter: ["aria-describedby"],
  });
}

function enhance(input) {
  const form = input.form;
  const describedBy = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
  const hidden = form?.querySelector(`input[type=hidden][name="${input.dataset.vppChooserId}"]`);
  const multiple = "vppChooserMultiple" in input.dataset;
  const chosen = multiple ? input.closest("[data-vpp-multi-chooser]")?.querySelector("[data-vpp-chosen]") : null;
  const wrapper = document.createElement("div");
  wrapper.className = "app-chooser";
  input.parentNode.insertBefore(wrapper, input);
  const classes = [...input.classList].filter((name) => name !== "govuk-input").join(" ");
  accessibleAutocomplete({
    element: wrapper,
    id: input.id,
    name: input.name,
    defaultValue: input.value,
    source: searcher(input.dataset.vppChooser),
    minLength: 2,
    showNoOptionsFound: true,
    confirmOnBlur: false,
    inputClasses: `govuk-input ${classes}`.trim(),
    templates: {
      inputValue: (option) => {
        if (multiple) return "";
        return typeof option === "string" ? option : option?.label ?? "";
      },
      suggestion: (option) => (typeof option === "string" ? escapeHtml(option) : escapeHtml(option?.label ?? "")),
    },
    onConfirm: (option) => {
      if (!option) return;
      if (multiple && chosen) {
        addChosen(chosen, option);
        setChosenId(hidden, "");
      } else {
        setChosenId(hidden, option.value);
      }
    },
    tNoResults: () => "No matches",
    tStatusQueryTooShort: (n) => `Type ${n} or more characters for suggestions`,
  });
  input.remove();
  const combobox = wrapper.querySelector("input[role=combobox]");
  if (combobox) keepDescriptions(combobox, describedBy);
  // Typing after a choice: the id no longer stands for what the box shows.
  wrapper.addEventListener("input", () => setChosenId(hidden, ""));
}

for (const input of document.querySelectorAll("input[data-vpp-chooser]")) {
  enhance(input);
}
