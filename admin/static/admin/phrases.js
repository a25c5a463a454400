// Saved phrases on the case page: without this script they are a list to copy; with it, each
// has a button that inserts it at the cursor of its text field.
document.querySelectorAll("button.insert-phrase").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    var field = document.getElementById(button.dataset.target);
    var text = button.parentElement.querySelector(".phrase-text").textContent;
    field.setRangeText(text, field.selectionStart, field.selectionEnd, "end");
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.focus();
  });
});
