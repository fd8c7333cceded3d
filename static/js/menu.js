// On a narrow screen the top bar's links fold into a Menu button. Without scripts
// (or on a wide screen) they stay in the bar.

const button = document.getElementById("menu-button");
const menu = document.getElementById("topmenu");

if (button && menu) {
  button.hidden = false;
  const setOpen = (open) => {
    menu.classList.toggle("open", open);
    button.setAttribute("aria-expanded", String(open));
  };
  button.addEventListener("click", () => setOpen(!menu.classList.contains("open")));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.classList.contains("open")) {
      setOpen(false);
      button.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!menu.contains(event.target) && event.target !== button) setOpen(false);
  });
}
