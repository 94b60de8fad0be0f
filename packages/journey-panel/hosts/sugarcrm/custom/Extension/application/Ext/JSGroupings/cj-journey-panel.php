<?php
// Adds the panel's classic (IIFE) bundle and the journey's stages to Sidecar's main JS grouping.
foreach ($js_groupings as $key => $groupings) {
    foreach ($groupings as $file => $target) {
        if ($target === 'include/javascript/sugar_grp7.min.js') {
            $js_groupings[$key]['custom/include/javascript/cj-journey-panel.js'] = 'include/javascript/sugar_grp7.min.js';
            $js_groupings[$key]['custom/include/javascript/cj-journey-stages.js'] = 'include/javascript/sugar_grp7.min.js';
            break;
        }
    }
}
