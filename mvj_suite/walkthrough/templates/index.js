
document.querySelectorAll("video[data-cues]").forEach(function (video) {
  var element = video.querySelector("track");
  var show = video.dataset.captions !== "burned";
  function fallback() {
    if (video.dataset.cuesAdded) return;
    video.dataset.cuesAdded = "1";
    if (element) element.remove();
    var track = video.addTextTrack("subtitles", "Svenska", "sv");
    JSON.parse(video.dataset.cues).forEach(function (c) {
      track.addCue(new VTTCue(c.start, c.end, c.text));
    });
    track.mode = show ? "showing" : "disabled";
  }
  if (!element || typeof VTTCue === "undefined") return;
  element.addEventListener("error", fallback);
  if (element.readyState === 3) fallback();
  // Burned in, the track is off and never loads by itself; from disk it could not be
  // switched on later: the page's own cues stand ready in the player's menu instead.
  if (!show && location.protocol === "file:") fallback();
});
document.querySelectorAll("a[data-start]").forEach(function (link) {
  link.addEventListener("click", function (event) {
    var figure = link.closest("ol").previousElementSibling;
    var video = figure && figure.querySelector("video");
    if (!video) return;
    event.preventDefault();
    video.currentTime = parseFloat(link.dataset.start);
    video.scrollIntoView({ block: "nearest", behavior: "smooth" });
    video.play();
  });
});
