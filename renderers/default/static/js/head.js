/* kitaforms first paint: loaded in <head> (a small blocking script, fetched beside the style sheets), it
   marks the page as starting, so the style sheet shows the first step alone from the first paint instead
   of laying out the whole form that the page without JavaScript shows (and then folding it). The mark
   goes when the document is ready: by then the deferred kitaforms.js has run and shows the steps one at
   a time; had it not run (not loaded, an old browser), every step shows, as without JavaScript. */
(function (html) {
  'use strict';
  html.classList.add('kf-starting');
  document.addEventListener('DOMContentLoaded', () => html.classList.remove('kf-starting'));
})(document.documentElement);
