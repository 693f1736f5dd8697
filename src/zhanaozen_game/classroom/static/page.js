// The game page's buttons (Start, Restart): reload the game's own address. No inline scripts, so
// the page's Content-Security-Policy can forbid them.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.restart")) {
    button.addEventListener("click", () => {
      const url = new URL(window.location.href);
      url.searchParams.delete("delay");
      window.location.href = url.pathname + url.search;
    });
  }
});
