!function(t){"use strict";t.classList.add("kf-starting"),document.addEventListener("DOMContentLoaded",()=>t.classList.remove("kf-starting"))}(document.documentElement);
