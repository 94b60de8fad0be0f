<?php
$app_strings['LBL_CJ_JOURNEY_PANEL'] = 'Customer journey';
$app_strings['LBL_CJ_JOURNEY_PANEL_DESC'] = 'The customer\'s journey stage, time in stage, next actions and history (crm-journey).';
$app_strings['LBL_CJ_TASK_CREATED'] = 'Task created: ';
$app_strings['LBL_CJ_TASK_FAILED'] = 'The task could not be created: ';
$app_strings['LBL_CJ_FIELD_NOT_EDITABLE'] = 'This field cannot be edited here.';
