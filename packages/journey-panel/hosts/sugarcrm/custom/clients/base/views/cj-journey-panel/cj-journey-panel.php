<?php
// The "Customer journey" dashlet on record views of the modules a customer's records live in.
$viewdefs['base']['view']['cj-journey-panel'] = [
    'dashlets' => [
        [
            'label' => 'LBL_CJ_JOURNEY_PANEL',
            'description' => 'LBL_CJ_JOURNEY_PANEL_DESC',
            'config' => [],
            'preview' => [],
            'filter' => [
                'module' => ['Accounts', 'Contacts', 'Leads', 'Opportunities', 'Cases'],
                'view' => 'record',
            ],
        ],
    ],
    // The journey's customer.root: Accounts (B2B) or Contacts (B2C).
    'rootModule' => 'Accounts',
];
