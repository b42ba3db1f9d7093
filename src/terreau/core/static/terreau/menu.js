// The header's menu folds behind a "Menu" button on narrow screens (terreau.css decides when).
// Without this script the button stays hidden and the menu unfolded.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector(".site-header .menu-toggle");
  if (!button) return;
  const header = button.closest(".site-header");
  header.classList.add("folding");
  button.hidden = false;
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    header.classList.toggle("open", open);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && header.classList.contains("open")) {
      button.setAttribute("aria-expanded", "false");
      header.classList.remove("open");
      button.focus();
    }
  });
});
