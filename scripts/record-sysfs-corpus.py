#!/usr/bin/env python3
"""Records what the running kernel does with writes to /sys/kernel/mm/ksm knobs.

Each case is one write(2) of exact bytes to one knob, after an optional setup (other knob
values, or merged KSM pages present). For every case the JSON keeps the writable knobs before
and after, whether KSM pages existed, and the kernel's verdict: bytes accepted or the errno of
open(2) / write(2). test/engine/sysfs/kernelCorpus.test.ts replays the corpus through
engine/sysfs/kernelWrite.ts and the sysfs linter.

Run as root on a machine with KSM and nothing else using it:
    python3 scripts/record-sysfs-corpus.py [OUTPUT.json]
    python3 scripts/record-sysfs-corpus.py --scripts [OUTPUT.json]
The second form runs whole files through the real bash, dash and systemd-tmpfiles instead (see
SCRIPTS below) and records their error messages and the knob values afterwards, for
test/engine/sysfs/scriptRuns.test.ts.
It holds the lock file /tmp/samepage-ksm.lock for the whole recording (other recorders use it
too), restores every knob it touched, unmerges the pages it created and leaves run as it found it.
"""
import errno
import fcntl
import json
import mmap
import os
import platform
import subprocess
import sys
import time

KSM = '/sys/kernel/mm/ksm'
LOCK = '/tmp/samepage-ksm.lock'
WRITABLE = [
    'run', 'pages_to_scan', 'sleep_millisecs', 'merge_across_nodes', 'use_zero_pages', 'max_page_sharing',
    'stable_node_chains_prune_millisecs', 'smart_scan', 'advisor_mode', 'advisor_max_cpu',
    'advisor_min_pages_to_scan', 'advisor_max_pages_to_scan', 'advisor_target_scan_time',
]
COUNTERS = [
    'pages_shared', 'pages_sharing', 'pages_unshared', 'pages_volatile', 'full_scans', 'stable_node_chains',
    'stable_node_dups', 'general_profit', 'ksm_zero_pages', 'pages_scanned', 'pages_skipped',
]


def read(name):
    with open(f'{KSM}/{name}') as f:
        text = f.read().strip()
    if name == 'advisor_mode':  # "[none] scan-time": the active word is bracketed
        return text[text.index('[') + 1:text.index(']')]
    return int(text)


def write(name, data):
    """One open(2) + write(2); returns ('ok', bytes) or ('open'|'write', errno name)."""
    try:
        fd = os.open(f'{KSM}/{name}', os.O_WRONLY)
    except OSError as e:
        return {'ok': False, 'stage': 'open', 'errno': errno.errorcode[e.errno]}
    try:
        n = os.write(fd, data)
        return {'ok': True, 'bytes': n}
    except OSError as e:
        return {'ok': False, 'stage': 'write', 'errno': errno.errorcode[e.errno]}
    finally:
        os.close(fd)


def must_write(name, value):
    r = write(name, f'{value}\n'.encode())
    if not r['ok']:
        raise RuntimeError(f'setup write {name}={value} failed: {r}')


def snapshot():
    return {name: read(name) for name in WRITABLE if os.path.exists(f'{KSM}/{name}')}


def restore(target):
    """Puts every writable knob back to `target` in an order the kernel accepts."""
    if read('advisor_mode') != 'none':
        must_write('advisor_mode', 'none')
    for name, value in target.items():
        if name in ('advisor_mode', 'run') or read(name) == value:
            continue
        if name in ('merge_across_nodes', 'max_page_sharing') and read('pages_shared') != 0:
            continue  # cannot change while pages are merged; phase B restores them after unmerging
        must_write(name, value)
    if read('advisor_mode') != target['advisor_mode']:
        must_write('advisor_mode', target['advisor_mode'])
    if read('run') != target['run'] and target['run'] != 2:
        must_write('run', target['run'])


def record(knob, raw, setup=None, note=None):
    setup = setup or {}
    for name, value in setup.items():
        must_write(name, value)
    before = snapshot()
    shared = read('pages_shared')
    result = write(knob, raw)
    after = snapshot()
    case = {
        'knob': knob,
        'raw': raw.decode('latin-1'),
        'setup': setup,
        'ksmPagesExist': shared != 0,
        'before': before,
        'result': result,
        'after': after,
    }
    if note:
        case['note'] = note
    return case


U32 = ['5\n', '5', '+5\n', '0\n', '-5\n', '-0\n', '0x10\n', '010\n', ' 5\n', '5 \n', '5\n\n', '\n5', '4294967295\n',
       '4294967296\n', '18446744073709551615\n', '18446744073709551616\n', 'abc\n', '\n', '5x\n', '1e3\n', '5.0\n',
       '++5\n', '+\n', '1200\n', '0005\n']
RUN = ['0\n', '1\n', '2\n', '0', '3\n', '4\n', '-1\n', '+1\n', 'yes\n', 'on\n', '1.0\n', '4294967296\n', '0x1\n',
       '00\n', '2\n\n', ' 1\n', '1\r\n', '99999999999999999999\n']
MERGE = ['1\n', '0\n', '2\n', '-1\n', '+0\n', '0x0\n', '1\n\n', '18446744073709551615\n', '18446744073709551616\n',
         '99999999999999999999999\n', 'abc\n', '', 'true\n']
MAX_SHARING = ['256\n', '2\n', '1\n', '0\n', '-1\n', '-2147483648\n', '-2147483649\n', '2147483647\n', '2147483648\n',
               '300', '+300\n', '9223372036854775808\n', '18446744073709551616\n', '-\n', '--1\n', '-+5\n', '0x100\n',
               '512 \n']
BOOLS = ['1\n', '0\n', 'y\n', 'Y', 'n\n', 'N', 'yes\n', 'no\n', 'true\n', 'false\n', 'True\n', 'FALSE\n', 't', 'f',
         'on\n', 'off\n', 'ON', 'Of', 'o\n', 'enable\n', 'disable\n', 'E', 'D', '2\n', '-1\n', ' 1\n', 'x\n', '\n',
         'yellow\n', 'nonsense\n', '0x\n', '1\0junk', '\0']
ADVISOR = ['scan-time\n', 'scan-time', 'none\n', 'none', 'scan-time\n\n', 'Scan-time\n', ' none\n', 'none \n',
           'scan_time\n', 'scantime\n', '1\n', '\n', 'none\r\n', 'scan-time\0junk']
ULONG = ['0\n', '1\n', '70\n', '101\n', '4294967295\n', '4294967296\n', '4294967367\n', '18446744073709551615\n',
         '18446744073709551616\n', '-1\n', '+7\n', '0x46\n', '7 \n']


def phase_a():
    cases = []
    for knob in ('pages_to_scan', 'sleep_millisecs', 'stable_node_chains_prune_millisecs'):
        cases += [(knob, v, None) for v in U32]
    cases += [('run', v, None) for v in RUN]
    if os.path.exists(f'{KSM}/merge_across_nodes'):
        cases += [('merge_across_nodes', v, None) for v in MERGE]
    cases += [('max_page_sharing', v, None) for v in MAX_SHARING]
    cases += [('max_page_sharing', '300\n', {'max_page_sharing': 300})]
    for knob in ('use_zero_pages', 'smart_scan'):
        cases += [(knob, v, None) for v in BOOLS]
    cases += [('advisor_mode', v, None) for v in ADVISOR]
    cases += [('advisor_mode', 'scan-time\n', {'advisor_min_pages_to_scan': 1234})]
    cases += [('advisor_mode', 'none\n', {'pages_to_scan': 777, 'advisor_mode': 'scan-time'})]
    cases += [('advisor_mode', 'scan-time\n', {'pages_to_scan': 777, 'advisor_mode': 'scan-time'})]
    cases += [('pages_to_scan', v, {'advisor_mode': 'scan-time'}) for v in ('100\n', '500\n', 'abc\n', '')]
    cases += [('sleep_millisecs', '10\n', {'advisor_mode': 'scan-time'})]
    for knob in ('advisor_max_cpu', 'advisor_min_pages_to_scan', 'advisor_max_pages_to_scan', 'advisor_target_scan_time'):
        cases += [(knob, v, None) for v in ULONG]
    cases += [('advisor_target_scan_time', '+0\n', None), ('advisor_target_scan_time', '00\n', None)]
    cases += [(name, '0\n', None) for name in COUNTERS]
    cases += [('pages_shared', '', None)]
    cases += [(name, '1\n', None) for name in ('pages_to_scam', 'max_kernel_pages', 'Run', 'ksm_run')]
    cases += [('sleep_millisecs', '0' * 5000, None), ('sleep_millisecs', '0' * 4095 + '5', None),
              ('sleep_millisecs', '0' * 4096 + '5', None), ('sleep_millisecs', '\uff15\n', None),
              ('sleep_millisecs', '\xff\n', None), ('sleep_millisecs', '7\0' + '9', None)]
    baseline = snapshot()
    out = []
    for knob, raw, setup in cases:
        out.append(record(knob, raw.encode('latin-1') if all(ord(c) < 256 for c in raw) else raw.encode('utf-8'), setup))
        restore(baseline)
        if read('pages_shared') != 0:
            raise RuntimeError('pages merged during phase A; is another KSM user running?')
    return out


MERGER = r'''
import mmap, sys, time
pages = int(sys.argv[1])
m = mmap.mmap(-1, pages * 4096, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
m.write(b'\x5a' * (pages * 4096))
m.madvise(mmap.MADV_MERGEABLE)
print('ready', flush=True)
sys.stdin.read()
'''


def phase_b():
    """Cases with merged pages present: a child maps identical pages and ksmd merges them."""
    baseline = snapshot()
    child = subprocess.Popen([sys.executable, '-c', MERGER, '256'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    out = []
    try:
        child.stdout.readline()
        must_write('pages_to_scan', 5000)
        must_write('sleep_millisecs', 1)
        must_write('run', 1)
        deadline = time.time() + 60
        while read('pages_shared') == 0:
            if time.time() > deadline:
                raise RuntimeError('KSM did not merge the test pages within 60 s')
            time.sleep(0.05)
        must_write('run', 0)  # pages stay merged, ksmd stops
        restore({**baseline, 'run': 0})
        merged = {**baseline, 'run': 0}
        busy_cases = [
            ('merge_across_nodes', '0\n'), ('merge_across_nodes', '1\n'), ('merge_across_nodes', '2\n'),
            ('merge_across_nodes', 'x\n'), ('merge_across_nodes', '18446744073709551616\n'),
            ('max_page_sharing', '300\n'), ('max_page_sharing', '256\n'), ('max_page_sharing', '1\n'),
            ('max_page_sharing', '2147483648\n'), ('max_page_sharing', '+256\n'), ('max_page_sharing', '2\n'),
            ('use_zero_pages', '1\n'), ('smart_scan', '0\n'), ('sleep_millisecs', '50\n'), ('pages_to_scan', '2000\n'),
            ('advisor_mode', 'scan-time\n'), ('run', '0\n'), ('run', '5\n'),
        ]
        for knob, raw in busy_cases:
            if knob == 'merge_across_nodes' and not os.path.exists(f'{KSM}/merge_across_nodes'):
                continue
            out.append(record(knob, raw.encode(), note='merged pages present'))
            restore(merged)
        # run=2 unmerges everything; afterwards the EBUSY knobs change freely.
        out.append(record('run', b'2\n', note='merged pages present: unmerges them'))
        out.append(record('merge_across_nodes', b'0\n', note='after run=2'))
        out.append(record('max_page_sharing', b'300\n', note='after run=2'))
        out.append(record('run', b'2\n', note='run already 2'))
    finally:
        if read('pages_shared') != 0:
            must_write('run', 2)
        child.stdin.close()
        child.wait(timeout=30)
        must_write('run', 0)
        restore(baseline)
    return out


K = '/sys/kernel/mm/ksm'
SCRIPTS = [
    ('bash', f'echo 0x10 > {K}/pages_to_scan\necho 1200 > {K}/pages_to_scan\n'),
    ('bash', f'KSM={K}\necho yes > $KSM/run\necho -n 30 > "$KSM/sleep_millisecs"\n'),
    ('bash', f"printf '%s' ' 5' > {K}/sleep_millisecs\nprintf '%d\\n' 010 > {K}/stable_node_chains_prune_millisecs\n"),
    ('bash', f'echo 1 | tee {K}/pages_to_scam > /dev/null\necho 55 | tee {K}/sleep_millisecs > /dev/null\n'),
    ('bash', f'cat <<< 4 > {K}/run\ncat > {K}/max_page_sharing <<EOF\n1\nEOF\ncat > {K}/advisor_max_cpu <<EOF\n90\nEOF\n'),
    ('bash', f'echo scan-time > {K}/advisor_mode\necho 100 > {K}/pages_to_scan\necho 300 > {K}/advisor_target_scan_time\necho none > {K}/advisor_mode\necho 150 > {K}/pages_to_scan\n'),
    ('bash', f'echo 2 > {K}/run\necho 0 > {K}/merge_across_nodes\necho 512 > {K}/max_page_sharing\necho 99999999999 > {K}/max_page_sharing\necho 18446744073709551616 > {K}/merge_across_nodes\n'),
    ('bash', f'set_knob() {{\n  echo "$2" > "{K}/$1"\n}}\nset_knob sleep_millisecs 0x20\nset_knob sleep_millisecs 40\nset_knob smart_scan nope\n'),
    ('bash', f"echo 0 > {K}/pages_shared\necho 5 > {K}/full_scans\nsh -c 'echo 3 > {K}/run'\necho -e '7\\n' > {K}/sleep_millisecs\n"),
    ('bash', f'echo yellow > {K}/use_zero_pages\necho off! > {K}/smart_scan\necho 4294967367 > {K}/advisor_max_cpu\necho 0 > {K}/advisor_target_scan_time\necho -1 > {K}/advisor_min_pages_to_scan\n'),
    ('dash', f'echo 0x10 > {K}/pages_to_scan\necho 7 > {K}/sleep_millisecs\necho 1 > {K}/max_kernel_pages\nprintf 3 > {K}/run\n'),
    ('dash', f"echo '5\\c' > {K}/sleep_millisecs\necho '-n' > {K}/run\necho 'scan-time' > {K}/advisor_mode\necho 9 > {K}/pages_to_scan\n"),
    ('tmpfiles', f'w {K}/run - - - - 7\nw {K}/sleep_millisecs - - - - 25\nw+ {K}/max_page_sharing - - - - 1\nw {K}/pages_shared - - - - 1\nw {K}/pages_to_scan - - - - 1\\n\\n\n'),
    ('tmpfiles', f'w {K}/advisor_mode - - - - scan-time\nw {K}/pages_to_scan - - - - 100\nw {K}/nope - - - - 1\nw {K}/use_zero_pages - - - - true\n'),
]


def run_script(kind, text):
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'run.conf' if kind == 'tmpfiles' else 'run.sh')
        with open(path, 'w') as f:
            f.write(text)
        argv = {'bash': ['bash', path], 'dash': ['dash', path], 'tmpfiles': ['systemd-tmpfiles', '--create', path]}[kind]
        r = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        return r.returncode, r.stderr.replace(tmp, '<tmp>')


def phase_scripts():
    baseline = snapshot()
    runs = []
    for kind, text in SCRIPTS:
        before = snapshot()
        status, stderr = run_script(kind, text)
        runs.append({'kind': kind, 'text': text, 'status': status, 'stderr': stderr, 'before': before, 'after': snapshot()})
        restore(baseline)
        if read('run') != baseline['run']:
            must_write('run', baseline['run'])
        if read('pages_shared') != 0:
            raise RuntimeError('pages merged while running scripts; is another KSM user running?')
    return runs


def main_scripts(output):
    with open(LOCK, 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        original = snapshot()
        if read('pages_shared') != 0 or original['run'] != 0:
            sys.exit('record-sysfs-corpus: KSM is in use (run != 0 or pages merged); refusing to disturb it')
        try:
            runs = phase_scripts()
        finally:
            restore(original)
            if read('run') != original['run']:
                must_write('run', original['run'])
        assert snapshot() == original, (snapshot(), original)
    with open(output, 'w') as f:
        json.dump({'kernel': platform.release(), 'recordedAt': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()), 'runs': runs}, f, indent=1, ensure_ascii=True)
        f.write('\n')
    print(f'{len(runs)} script runs written to {output}')


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '--scripts':
        return main_scripts(sys.argv[2] if len(sys.argv) > 2 else 'test/fixtures/sysfs/script-runs.json')
    output = sys.argv[1] if len(sys.argv) > 1 else 'test/fixtures/sysfs/kernel-writes.json'
    with open(LOCK, 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        original = snapshot()
        if read('pages_shared') != 0 or original['run'] != 0:
            sys.exit('record-sysfs-corpus: KSM is in use (run != 0 or pages merged); refusing to disturb it')
        try:
            cases = phase_a() + phase_b()
        finally:
            restore(original)
            if read('run') != original['run']:
                must_write('run', original['run'])
        assert snapshot() == original, (snapshot(), original)
    corpus = {
        'kernel': platform.release(),
        'recordedAt': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
        'numa': os.path.exists(f'{KSM}/merge_across_nodes'),
        'method': 'scripts/record-sysfs-corpus.py: os.open(O_WRONLY) + one os.write of the raw bytes, as root',
        'cases': cases,
    }
    os.makedirs(os.path.dirname(output) or '.', exist_ok=True)
    with open(output, 'w') as f:
        json.dump(corpus, f, indent=1, ensure_ascii=True)
        f.write('\n')
    print(f'{len(cases)} cases written to {output}')


if __name__ == '__main__':
    main()
