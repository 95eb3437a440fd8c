// compliance serve: drag and drop, the chosen files' names, and an upload progress bar.
// The pages work without this script; it only adds to them. No external resources.
(function () {
  "use strict";
  var form = document.getElementById("upload");
  if (!form) { return; }
  var input = document.getElementById("files");
  var drop = document.getElementById("drop");
  var chosen = document.getElementById("chosen");
  var progress = document.getElementById("progress");
  var bar = document.getElementById("progress-bar");
  var label = document.getElementById("progress-label");
  var submit = document.getElementById("submit");

  function showChosen() {
    chosen.textContent = "";
    for (var i = 0; i < input.files.length; i++) {
      var item = document.createElement("li");
      var file = input.files[i];
      item.textContent = file.name + "（" + Math.max(1, Math.round(file.size / 1024)) + " KB）";
      chosen.appendChild(item);
    }
  }
  input.addEventListener("change", showChosen);

  ["dragenter", "dragover"].forEach(function (type) {
    drop.addEventListener(type, function (event) {
      event.preventDefault();
      drop.classList.add("over");
    });
  });
  ["dragleave", "drop"].forEach(function (type) {
    drop.addEventListener(type, function () { drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      showChosen();
    }
  });

  function showPage(html, url) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    document.title = doc.title;
    document.body.replaceWith(document.adoptNode(doc.body));
    if (url && url !== location.href) { history.pushState(null, "", url); }
    window.scrollTo(0, 0);
  }

  form.addEventListener("submit", function (event) {
    if (!window.FormData || !window.XMLHttpRequest || !input.files.length) { return; }
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    progress.hidden = false;
    submit.disabled = true;
    bar.value = 0;
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { bar.value = Math.round((100 * e.loaded) / e.total); }
    });
    request.upload.addEventListener("load", function () {
      label.textContent = "正在检查…";
      bar.removeAttribute("value");
    });
    request.addEventListener("load", function () { showPage(request.responseText, request.responseURL); });
    request.addEventListener("error", function () {
      label.textContent = "上传失败，请检查网络后重试";
      submit.disabled = false;
    });
    request.send(new FormData(form));
  });
  window.addEventListener("popstate", function () { location.reload(); });
})();
