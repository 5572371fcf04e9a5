// Keyboard shortcuts on the case page: a/b/e/r pick a decision and move to the reason code.
// Keys typed into a text field are left alone.
document.addEventListener("keydown", (event) => {
  const target = event.target;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (target && ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return;
  const choice = document.querySelector(`#decide-form input[data-key="${event.key}"]`);
  if (!choice) return;
  event.preventDefault();
  choice.checked = true;
  document.getElementById("reason").focus();
});
