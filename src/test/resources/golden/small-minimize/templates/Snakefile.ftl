<#-- Snakefile of a search. Model: version, brackets (index, stages: configs, budget), and for a
     model-based sampler batch and proposals (bracket, index, first, count, previous and lagged:
     [bracket, index] or empty, brackets). Wildcard rules only, so the file's size does not grow
     with the search beyond its plan and its table of batches. -->
# Search written by hbgen ${version} (settings in hbgen.yaml). Run it from any directory:
#   snakemake --snakefile path/to/this/Snakefile -j 100
# "train" runs one trial through run.sh (a shell job: no Snakemake process per trial); its
# declared output is the marker "done", which Snakemake touches when the job ends: the trial's
# result is run.sh's, so Snakemake never deletes it, and run.sh does not train a trial again
# that already has a valid result.
<#if proposals??>
# "propose" writes a batch of stage-0 configurations (hbgen propose) from the results of the
# trials its inputs name, and nothing else: the batches up to two before it and the brackets two
# or more before its own, by hbgen's rule (README, "Samplers and batches").
</#if>
# "promote" fills a stage from the one before it and "best" writes best.yaml and config when
# every bracket is done: both run hbgen itself on this machine, the hbgen that wrote the search
# (recorded in hbgen_workflow.py) or the command in $HBGEN.
import os
import sys

from snakemake.exceptions import WorkflowError

sys.path.insert(0, os.path.abspath(workflow.basedir))
import hbgen_workflow as hb

# One engine per search: refuse to start while `hbgen run` runs it, and keep it from starting
# while this Snakemake runs (hbgen run refuses a search whose lock is shared).
BUSY = hb.hold_search(os.path.abspath(workflow.basedir))
if BUSY:
    raise WorkflowError(BUSY)

workdir: os.path.abspath(workflow.basedir)

# bracket -> [(configuration slots, budget), ...], one pair per stage
PLAN = {
<#list brackets as b>
    ${b.index}: [<#list b.stages as s>(${s.configs}, ${py(s.budget)})<#sep>, </#sep></#list>],
</#list>
}
<#if proposals??>
# Stage-0 configurations proposed per batch
BATCH = ${batch}
# (bracket, batch) -> (first configuration, count, batch before, batch two before, brackets whose
# every trial it waits for): the edges of hbgen's rule, as hbgen computed them
PROPOSALS = {
<#list proposals as p>
    (${p.bracket}, ${p.index}): (${p.first}, ${p.count}, <#if p.previous?has_content>(${p.previous[0]}, ${p.previous[1]})<#else>None</#if>, <#if p.lagged?has_content>(${p.lagged[0]}, ${p.lagged[1]})<#else>None</#if>, [<#list p.brackets as x>${x}<#sep>, </#sep></#list>]),
</#list>
}
hb.setup(PLAN, PROPOSALS, BATCH)
<#else>
hb.setup(PLAN)
</#if>

wildcard_constraints:
    b="[0-9][0-9]*",
    s="[0-9][0-9]*",
    c="[0-9][0-9]*",
<#if proposals??>
    k="[0-9][0-9]*",
</#if>

localrules: all, <#if proposals??>propose, </#if>promote, best


rule all:
    input:
        "best.yaml",
<#if proposals??>
        hb.proposal_files(),
</#if>


rule train:
    input:
        hb.train_input,
    output:
        touch("bracket-{b}/stage-{s}/config-{c}/done"),
    # Snakemake deletes a job's log before it runs: this one holds only what run.sh itself
    # reports; the trainer's output goes to the trial's own "log", which run.sh keeps.
    log:
        "bracket-{b}/stage-{s}/config-{c}/snakemake.log",
    params:
        budget=hb.budget,
    # Used with --use-conda (Snakemake 8: --sdm conda) only: add your trainer's dependencies to envs/trial.yaml.
    conda:
        "envs/trial.yaml"
    shell:
        "bash run.sh bracket-{wildcards.b}/stage-{wildcards.s}/config-{wildcards.c} {params.budget} 2>{log}"


<#if proposals??>
rule propose:
    input:
        hb.propose_input,
    output:
        "bracket-{b}/stage-0/proposal-{k}.yaml",
    log:
        "bracket-{b}/stage-0/proposal-{k}.log",
    run:
        hb.propose(wildcards, log)


</#if>
rule promote:
    input:
        hb.promote_input,
    output:
        "bracket-{b}/stage-{s}/promotion.yaml",
    log:
        "bracket-{b}/stage-{s}/promotion.log",
    run:
        hb.promote(wildcards, log)


rule best:
    input:
        hb.final_input(),
    output:
        "best.yaml",
        "config",
    log:
        "best.log",
    run:
        hb.best(log)
