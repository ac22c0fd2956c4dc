<#-- Snakemake 8+ profile for the Slurm executor plugin. Model: version, slurm_resources (map:
     resource name to value, for the train rule), slurm_location (map: slurm_partition and
     slurm_account, when set), slurm_refused (list of options in slurm_extra the plugin refuses). -->
# Snakemake 8+ profile written by hbgen ${version}: Snakemake submits each trial to Slurm itself
# through the Slurm executor plugin. Snakemake 8 and later read this file instead of config.yaml
# (a profile's config.vX+.yaml is for Snakemake X and later; Snakemake's "Profiles" documentation).
# Use it with a search whose launcher is local (run.sh then runs the trainer inside the job):
#   pip install snakemake-executor-plugin-slurm
#   snakemake --snakefile path/to/search/Snakefile --profile path/to/search/profile
# Promotion and best stay on the machine running Snakemake (they are localrules).
# Resource names are the plugin's (snakemake-executor-plugin-slurm, docs/further.md): runtime is
# --time in minutes, mem_mb is --mem, cpus_per_task, gpu (with gpu_model) is --gpus, gres is
# --gres, qos is --qos (plugin 1.2.0 and later; older ones take slurm_extra: "--qos=NAME"),
# slurm_extra is appended to the sbatch command line as it is.
executor: slurm
jobs: 100
latency-wait: 60
rerun-incomplete: true
# No .snakemake/metadata file per output (one per trial): hbgen's own files say what ran, and on
# file systems with inode quotas a search of 100,000 trials would otherwise leave 100,000 more.
drop-metadata: true
<#if slurm_location?has_content>
# Where every submitted job goes (--slurm-partition, --slurm-account).
default-resources:
<#list slurm_location as name, value>
  ${name}: ${jsonInline(value)}
</#list>
</#if>
<#if slurm_resources?has_content>
# What one trial asks for (the search's --slurm-* settings). A runtime that differs between
# stages is an expression over the job's input path (bracket-B/stage-S/...): Snakemake evaluates
# resource expressions with input, threads and attempt, not with the wildcards.
set-resources:
  train:
<#list slurm_resources as name, value>
    ${name}: ${jsonInline(value)}
</#list>
</#if>
<#list slurm_refused as option>
# Warning: the plugin sets ${option} itself and refuses it in slurm_extra (plugin 2.x); move it
# to a resource of its own or drop it.
</#list>
