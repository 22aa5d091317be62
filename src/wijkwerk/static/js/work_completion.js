// Completion form: "Nog een materiaal" adds an empty material line (the form works without it too).
(function () {
  "use strict";
  var list = document.querySelector(".work-materials");
  var add = document.querySelector(".work-materials__add");
  if (!list || !add) { return; }
  add.hidden = false;
  add.addEventListener("click", function () {
    var last = list.querySelector(".work-material:last-child");
    if (!last) { return; }
    var n = parseInt(list.getAttribute("data-next"), 10) || 0;
    if (n >= 50) { add.hidden = true; return; }
    var line = last.cloneNode(true);
    line.querySelectorAll("input").forEach(function (input) {
      var name = input.name.replace(/_\d+$/, "_" + n);
      var id = input.id.replace(/-\d+$/, "-" + n);
      line.querySelector('label[for="' + input.id + '"]').setAttribute("for", id);
      input.name = name;
      input.id = id;
      input.value = "";
    });
    list.appendChild(line);
    list.setAttribute("data-next", String(n + 1));
    line.querySelector("input").focus();
  });
})();
