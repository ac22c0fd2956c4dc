<#-- Snakemake profile for Snakemake's own Slurm submission. Model: version, slurm_args (list),
     time_limit (fixed limit or empty). -->
# Snakemake profile written by hbgen ${version}: Snakemake submits each trial to Slurm itself
# (generic cluster executor of Snakemake 7.x). Use it with a search whose launcher is local:
#   snakemake --snakefile path/to/search/Snakefile --profile path/to/search/profile
# Promotion and best stay on the machine running Snakemake (they are localrules).
# Snakemake 8 dropped --cluster and reads config.v8+.yaml of this directory instead of this file:
# that one uses the Slurm executor plugin; ../profile-cluster-generic/ holds this submission for
# the generic cluster executor plugin.
cluster: ${json("sbatch --parsable --job-name=hb-{rule}-{jobid} --output=.snakemake/slurm-%j.out" + (time_limit?has_content)?then(" --time=" + time_limit, "") + slurm_args?map(a -> " " + sh(a))?join(""))}
# Snakemake runs the status script from the search directory (the Snakefile's workdir), whatever
# directory it was started from and however --profile was spelled: so the path is relative to the
# search, not to this profile (a bare "status.py" would become the --profile path, relative to
# the directory Snakemake was started from).
cluster-status: profile/status.py
cluster-cancel: scancel
jobs: 100
latency-wait: 60
max-status-checks-per-second: 1
rerun-incomplete: true
# No .snakemake/metadata file per output (one per trial): hbgen's own files say what ran, and on
# file systems with inode quotas a search of 100,000 trials would otherwise leave 100,000 more.
drop-metadata: true
