/*! kitaforms head.js sha256=60d4e7c773db3b6b26d17a8ff7ec087e048f029ef6c645edc967177db69383b1 terser=5.51.2 */
!function(t){"use strict";t.classList.add("kf-starting"),document.addEventListener("DOMContentLoaded",()=>t.classList.remove("kf-starting"))}(document.documentElement);
