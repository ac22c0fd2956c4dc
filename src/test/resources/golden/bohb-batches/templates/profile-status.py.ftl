<#-- The profile's job status script. No model variables. -->
#!/usr/bin/env python3
"""Job status for Snakemake's cluster executor: prints running, success or failed.

Asks scontrol while Slurm still knows the job, then sacct (accounting database), then sacct -c
(the job completion log of clusters without a database). Written by hbgen ${version}.
"""
import subprocess
import sys

RUNNING = {"PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING", "STAGE_OUT"}


def ask(command):
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return out


def state(job):
    out = ask(["scontrol", "-o", "show", "job", job])
    for word in out.split():
        if word.startswith("JobState="):
            return word.split("=", 1)[1]
    for command in (["sacct", "-n", "-P", "-X", "-j", job, "-o", "State"],
                    ["sacct", "-c", "-n", "-P", "-j", job, "-o", "State"]):
        lines = [line.split()[0] for line in ask(command).splitlines() if line.strip()]
        if lines:
            return lines[-1]
    return ""


def main():
    job = sys.argv[1].split(";")[0]
    s = state(job).rstrip("+")
    if s in RUNNING:
        print("running")
    elif s == "COMPLETED":
        print("success")
    elif s == "":
        print("running" if ask(["squeue", "-h", "-j", job]).strip() else "failed")
    else:
        print("failed")


if __name__ == "__main__":
    main()
