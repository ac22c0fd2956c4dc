<#-- Snakemake 8+ profile for the generic cluster executor plugin. Model: version, slurm_args
     (list), time_limit (fixed limit or empty). -->
# Snakemake 8+ profile written by hbgen ${version}: the sbatch submission of profile/config.yaml
# (Snakemake 7's --cluster) for Snakemake 8 and later, whose --cluster options moved to the
# generic cluster executor plugin (snakemake-executor-plugin-cluster-generic: its settings
# submit_cmd, status_cmd and cancel_cmd are the options --cluster-generic-submit-cmd,
# --cluster-generic-status-cmd and --cluster-generic-cancel-cmd). Use it when the Slurm plugin
# of profile/ does not suit the cluster, with a search whose launcher is local:
#   pip install snakemake-executor-plugin-cluster-generic
#   snakemake --snakefile path/to/search/Snakefile --profile path/to/search/profile-cluster-generic
# Promotion and best stay on the machine running Snakemake (they are localrules).
executor: cluster-generic
cluster-generic-submit-cmd: ${json("sbatch --parsable --job-name=hb-{rule}-{jobid} --output=.snakemake/slurm-%j.out" + (time_limit?has_content)?then(" --time=" + time_limit, "") + slurm_args?map(a -> " " + sh(a))?join(""))}
# Snakemake runs the status command from the search directory (the Snakefile's workdir), so the
# path is relative to the search; the script is the one of profile/ (scontrol, then sacct).
cluster-generic-status-cmd: profile/status.py
cluster-generic-cancel-cmd: scancel
jobs: 100
latency-wait: 60
max-status-checks-per-second: 1
rerun-incomplete: true
# No .snakemake/metadata file per output (one per trial): hbgen's own files say what ran, and on
# file systems with inode quotas a search of 100,000 trials would otherwise leave 100,000 more.
drop-metadata: true
