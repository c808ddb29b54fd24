#!/usr/bin/python3
"""The deployment templates (deploy/) as their tools would run them.

No scheduler runs here, so each template is checked as far as one can
offline: it parses for its tool (YAML for Kubernetes and GitHub Actions,
`bash -n` and #SBATCH directives for Slurm), its fields agree with each other
(the number of shards in the matrix, the completions and the SHARDS the
command reads), and the command lines it runs -- evaluated by the shell they
run in, for every shard index, with `sinkcheck`, `mpirun` and `sbatch`
replaced by stubs that record their arguments -- are the N shards of one run
and a merge of exactly those. Finally the recorded command lines are run
with the real sinkcheck on a small selection (P2.a, 3 cases): the shards run
and the merge accepts them.

    check_deploy_templates.py SOURCE_ROOT SINKCHECK_BINARY
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

ROOT, SINKCHECK = sys.argv[1], sys.argv[2]
DEPLOY = os.path.join(ROOT, "deploy")
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
    return condition


def make_stubs(directory, capture):
    """sinkcheck, mpirun and sbatch that append their argv (JSON) to `capture`."""
    for name in ("sinkcheck", "mpirun", "sbatch"):
        path = os.path.join(directory, name)
        with open(path, "w") as f:
            f.write("#!/bin/sh\n"
                    f"/usr/bin/python3 -c 'import json, sys; print(json.dumps([\"{name}\"] + sys.argv[1:]))' \"$@\""
                    f" >> {capture}\n")
            if name == "sbatch":
                f.write("echo 4242\n")  # --parsable: the job id
        os.chmod(path, 0o755)


def run_captured(shell, script, env, stubs, capture):
    """Runs `script` with the stubs first on PATH; returns the recorded argv lists."""
    open(capture, "w").close()
    full_env = dict(os.environ, PATH=stubs + ":" + os.environ["PATH"], **env)
    result = subprocess.run([shell, "-c", script], env=full_env, capture_output=True, text=True)
    check(result.returncode == 0, f"{shell} -c failed ({result.returncode}): {result.stderr.strip()}\n{script}")
    with open(capture) as f:
        return [json.loads(line) for line in f if line.strip()]


def option(argv, name):
    return argv[argv.index(name) + 1] if name in argv else None


def check_one_run(label, shard_lines, merge_line, shards):
    """The shard command lines are shards 1..N of one run with distinct report
    folders; the merge reads exactly those folders."""
    specs = [option(a, "--shard") for a in shard_lines]
    check(sorted(specs, key=lambda s: int(s.split("/")[0])) == [f"{i}/{shards}" for i in range(1, shards + 1)],
          f"{label}: the shards run --shard {specs}, not 1/{shards} … {shards}/{shards}")
    reports = [option(a, "--report") for a in shard_lines]
    check(len(set(reports)) == len(reports), f"{label}: shards share a report folder: {reports}")
    settings = {json.dumps([a[i] for i in range(len(a)) if a[i - 1] not in ("--shard", "--report")])
                for a in shard_lines}
    check(len(settings) == 1, f"{label}: the shards differ in more than --shard and --report: {settings}")
    if merge_line is not None:
        check(merge_line[1] == "merge", f"{label}: the merge step runs {merge_line[1:2]}")
        dirs = [a for a in merge_line[2:merge_line.index("--report")]]
        check(sorted(dirs) == sorted(reports), f"{label}: merge reads {dirs}, the shards write {reports}")


def run_for_real(label, shard_lines, merge_line, rewrite):
    """The recorded command lines, run with the real sinkcheck on P2.a at 3
    cases (`rewrite` maps the templates' paths into a temporary folder)."""
    for argv in shard_lines:
        args = [rewrite(a) for a in argv[1:]]
        args[args.index("check") + 1] = "P2.a"
        args[args.index("--cases") + 1] = "3"
        result = subprocess.run([SINKCHECK] + args, capture_output=True, text=True)
        check(result.returncode == 0, f"{label}: {args} exited {result.returncode}: {result.stderr.strip()}")
    if merge_line is not None:
        args = [rewrite(a) for a in merge_line[1:]]
        result = subprocess.run([SINKCHECK] + args, capture_output=True, text=True)
        check(result.returncode == 0, f"{label}: {args} exited {result.returncode}: {result.stderr.strip()}")
        report = os.path.join(option(args, "--report"), "report.json")
        check(os.path.exists(report) and json.load(open(report))["complete"] is True,
              f"{label}: the merge wrote no complete {report}")


def env_value(container, name):
    for e in container.get("env", []):
        if e["name"] == name:
            return e["value"]
    return None


def kubernetes(work, stubs, capture):
    docs = {}
    for name in ("sinkcheck-shards.yaml", "sinkcheck-merge.yaml"):
        with open(os.path.join(DEPLOY, "kubernetes", name)) as f:
            docs[name] = list(yaml.safe_load_all(f))
    shards_docs = docs["sinkcheck-shards.yaml"]
    claims = [d for d in shards_docs if d["kind"] == "PersistentVolumeClaim"]
    jobs = [d for d in shards_docs if d["kind"] == "Job"]
    merge = docs["sinkcheck-merge.yaml"][0]
    if not (check(len(claims) == 1 and len(jobs) == 1, "kubernetes: one PVC and one Job expected")
            and check(merge["kind"] == "Job", "kubernetes: the merge manifest is not a Job")):
        return
    job, claim = jobs[0], claims[0]
    for d in (job, merge):
        check(d["apiVersion"] == "batch/v1", f"kubernetes: {d['metadata']['name']}: apiVersion {d['apiVersion']}")
        pod = d["spec"]["template"]["spec"]
        check(pod["restartPolicy"] in ("Never", "OnFailure"), f"kubernetes: restartPolicy {pod['restartPolicy']}")
        for c in pod["containers"]:
            check(c.get("name") and c.get("image"), "kubernetes: a container needs a name and an image")
        check(pod["volumes"][0]["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"],
              "kubernetes: the pods do not mount the PVC")
        check(pod["containers"][0]["volumeMounts"][0]["mountPath"] == "/out", "kubernetes: the volume is not at /out")
    check("ReadWriteMany" in claim["spec"]["accessModes"], "kubernetes: shards on several nodes need ReadWriteMany")
    spec = job["spec"]
    check(spec.get("completionMode") == "Indexed", "kubernetes: the shards Job is not Indexed")
    container = spec["template"]["spec"]["containers"][0]
    shards = int(env_value(container, "SHARDS"))
    check(spec["completions"] == shards, f"kubernetes: completions {spec['completions']} but SHARDS {shards}")
    check(spec["parallelism"] <= spec["completions"], "kubernetes: parallelism above completions")
    merge_container = merge["spec"]["template"]["spec"]["containers"][0]
    check(int(env_value(merge_container, "SHARDS")) == shards, "kubernetes: the merge's SHARDS differs")

    env = {e["name"]: e["value"] for e in container["env"]}
    lines = []
    for index in range(spec["completions"]):
        script = " ".join(container["args"])
        lines += run_captured("/bin/sh", script, dict(env, JOB_COMPLETION_INDEX=str(index)), stubs, capture)
    merge_lines = run_captured("/bin/sh", " ".join(merge_container["args"]),
                               {e["name"]: e["value"] for e in merge_container["env"]}, stubs, capture)
    check_one_run("kubernetes", lines, merge_lines[0] if merge_lines else None, shards)
    out = os.path.join(work, "k8s-out")
    run_for_real("kubernetes", lines, merge_lines[0] if merge_lines else None,
                 lambda a: a.replace("/out", out, 1) if a.startswith("/out") else a)


def github_actions(work, stubs, capture):
    with open(os.path.join(DEPLOY, "github-actions", "sinkcheck-shards.yml")) as f:
        workflow = yaml.safe_load(f)
    check(workflow.get("on", workflow.get(True)) is not None, "github: no trigger (on:)")
    env = {k: str(v) for k, v in workflow["env"].items()}
    shards = int(env["SHARDS"])
    jobs = workflow["jobs"]
    matrix = jobs["shards"]["strategy"]["matrix"]["shard"]
    check(matrix == list(range(1, shards + 1)), f"github: matrix {matrix} but SHARDS {shards}")
    check(jobs["shards"]["strategy"].get("fail-fast") is False, "github: fail-fast would cancel the other shards")
    check(jobs["merge"]["needs"] in ("shards", ["shards"]), "github: the merge does not wait for the shards")
    check(jobs["merge"].get("if") == "always()", "github: the merge must run even when a shard failed")
    for job in jobs.values():
        for step in job["steps"]:
            check("run" in step or "uses" in step, f"github: a step with neither run nor uses: {step}")

    def sinkcheck_steps(job):
        return [s for s in jobs[job]["steps"] if "run" in s and "/opt/sinkcheck/build/sinkcheck" in s["run"]]

    def evaluate(step, shard):
        script = step["run"].replace("${{ matrix.shard }}", str(shard)).replace("${{ env.SHARDS }}", str(shards))
        script = script.replace("/opt/sinkcheck/build/sinkcheck", "sinkcheck")
        check("${{" not in script, f"github: an expression the test does not know in {script}")
        return run_captured("/bin/bash", script, dict(env, THEORY=""), stubs, capture)

    lines = []
    upload = [s for s in jobs["shards"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact")][0]
    for shard in matrix:
        lines += evaluate(sinkcheck_steps("shards")[0], shard)
        name = upload["with"]["name"].replace("${{ matrix.shard }}", str(shard))
        path = upload["with"]["path"].replace("${{ matrix.shard }}", str(shard))
        check(path == option(lines[-1], "--report"), f"github: shard {shard} uploads {path}, writes elsewhere")
        check(name == path, f"github: artifact {name} is downloaded as a folder of that name, the merge reads {path}")
    download = [s for s in jobs["merge"]["steps"] if s.get("uses", "").startswith("actions/download-artifact")][0]
    merge_lines = evaluate(sinkcheck_steps("merge")[0], 0)
    # download-artifact puts artifact NAME (of the pattern) in PATH/NAME
    prefix = download["with"]["path"] + "/"
    merge = merge_lines[0] if merge_lines else None
    if merge:
        merge = merge[:2] + [d[len(prefix):] if d.startswith(prefix) else "(not downloaded) " + d
                             for d in merge[2:merge.index("--report")]] + merge[merge.index("--report"):]
    check_one_run("github", lines, merge, shards)
    out = os.path.join(work, "gh-out")
    os.makedirs(out, exist_ok=True)
    run_for_real("github", lines, merge, lambda a: os.path.join(out, a) if a.startswith(("shard-", "report")) else a)


def slurm(work, stubs, capture):
    folder = os.path.join(DEPLOY, "slurm")
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        result = subprocess.run(["bash", "-n", path], capture_output=True, text=True)
        check(result.returncode == 0, f"slurm: {name}: bash -n: {result.stderr.strip()}")
        for line in open(path):
            if line.startswith("#SBATCH"):
                check(re.fullmatch(r"#SBATCH --[a-z-]+(=\S+)?\s*", line) is not None, f"slurm: {name}: {line.strip()}")
    out = os.path.join(work, "slurm-out")
    shards = 4
    env = {"SHARDS": str(shards), "OUT": out, "SINKCHECK": os.path.join(stubs, "sinkcheck"), "CASES": "3"}
    submitted = run_captured("/bin/bash", f"bash {folder}/submit-shards.sh", env, stubs, capture)
    check(len(submitted) == 2 and f"--array=1-{shards}" in submitted[0], f"slurm: the array is not 1-{shards}: {submitted}")
    check(len(submitted) == 2 and "--dependency=afterany:4242" in submitted[1],
          f"slurm: the merge does not wait for the array: {submitted}")
    lines = []
    for task in range(1, shards + 1):
        lines += run_captured("/bin/bash", f"bash {folder}/sinkcheck-shard.sbatch",
                              dict(env, SLURM_ARRAY_TASK_ID=str(task), SLURM_CPUS_PER_TASK="1"), stubs, capture)
    merge_lines = run_captured("/bin/bash", f"bash {folder}/sinkcheck-merge.sbatch", env, stubs, capture)
    check_one_run("slurm", lines, merge_lines[0] if merge_lines else None, shards)
    run_for_real("slurm", lines, merge_lines[0] if merge_lines else None, lambda a: a)
    # The MPI job: mpirun … sinkcheck check …, runnable by one process too.
    mpi = run_captured("/bin/bash", f"bash {folder}/sinkcheck-mpi.sbatch",
                       dict(env, SLURM_JOB_ID="7", SLURM_CPUS_PER_TASK="1", REPORT=os.path.join(work, "slurm-mpi")),
                       stubs, capture)
    if check(len(mpi) == 1 and mpi[0][0] == "mpirun", f"slurm: the MPI job does not run mpirun: {mpi}"):
        argv = mpi[0]
        at = [i for i, a in enumerate(argv) if a.endswith("/sinkcheck")]
        if check(len(at) == 1, "slurm: mpirun does not start sinkcheck"):
            run_for_real("slurm mpi", [argv[at[0]:]], None, lambda a: a)


with tempfile.TemporaryDirectory() as work:
    stubs = os.path.join(work, "stubs")
    os.makedirs(stubs)
    capture = os.path.join(work, "argv.jsonl")
    make_stubs(stubs, capture)
    for template in (kubernetes, github_actions, slurm):
        template(work, stubs, capture)

for f in failures:
    print("FAIL:", f)
print(f"deploy templates: {len(failures)} problem(s)")
sys.exit(1 if failures else 0)
