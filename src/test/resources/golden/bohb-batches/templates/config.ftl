<#-- The configuration file a trainer reads ($HB_CONFIG). Model: config (fixed values, parameters,
     seed, folds and repetitions, nested at dots, keys sorted), params (the drawn parameters only),
     fixed, seed, bracket, config_id. json() writes numbers that JSON, YAML and Python read alike. -->
${json(config)}
