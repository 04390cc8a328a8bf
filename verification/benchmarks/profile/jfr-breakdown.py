#!/usr/bin/env python3
"""Where a service's CPU went during a window of a `bench load` run recorded with JFR.

  MARKETBUS_JVM_OPTIONS="-XX:+UseZGC -XX:StartFlightRecording=filename=/tmp/jfr/svc-%p.jfr,dumponexit=true" \
      ./marketbus bench load
  verification/benchmarks/profile/jfr-breakdown.py /tmp/jfr 06:44:17 06:44:57 475

For each service's recording (the main instance of each, and the embedded shape's one process; the
GET phase's extra instances are left out), those that ran in the window: its CPU share of the machine in the window (jdk.CPULoad), CPU milliseconds per order when the
window's order count is given, and the share of its execution samples (jdk.ExecutionSample) whose
stack holds each category's frame. Categories overlap (a handler's decode is inside the handler),
so shares do not add up to 100 %. Needs the JDK's `jfr` tool (JAVA_HOME, else Temurin 25's path).
"""
import collections
import glob
import json
import os
import re
import subprocess
import sys

JFR = os.path.join(os.environ.get('JAVA_HOME', '/usr/lib/jvm/temurin-25-jdk-amd64'), 'bin', 'jfr')

CATEGORIES = [
    ('HTTP request (Spring MVC)', 'org/springframework/web/servlet/DispatcherServlet.doDispatch'),
    ('  JWT decode', 'org/springframework/security/oauth2/jwt/NimbusJwtDecoder.decode'),
    ('    ES256 signature check', 'sun/security/ec/ECDSASignature.engineVerify'),
    ('shared handlers (transactions, inbox)', 'io/marketbus/eventbus/internal/HandlerTransactions.handleTogether'),
    ('per-instance handlers (policy caches)', 'io/marketbus/eventbus/internal/BroadcastConsumer.onMessage'),
    ('event decode (parse, contract check, bind)', 'io/marketbus/contract/EventCodec.decode'),
    ('event encode (outbox append)', 'io/marketbus/contract/EventCodec.toJson'),
    ('  contract check (both ways)', 'io/marketbus/contract/EventSchemas.problems'),
    ('outbox append (all of it)', 'io/marketbus/eventbus/internal/JdbcOutbox.append'),
    ('outbox relay round', 'io/marketbus/eventbus/internal/OutboxRelay.relayOnce'),
    ('JDBC driver (PostgreSQL)', 'org/postgresql/'),
    ('Hikari pool and proxies', 'com/zaxxer/hikari/'),
    ('NATS client', 'io/nats/client/impl/'),
    ('observations: start', 'io/micrometer/observation/SimpleObservation.start'),
    ('observations: stop', 'io/micrometer/observation/SimpleObservation.stop'),
    ('tracing handlers (spans)', 'io/micrometer/tracing/handler/'),
    ('Spring Security filters, observed', 'org/springframework/security/web/ObservationFilterChainDecorator$AroundFilterObservation'),
    ('Jackson', 'tools/jackson/'),
    ('java.time parsing and formatting', 'java/time/format/'),
    ('logging', 'ch/qos/logback/'),
]


def events(path, name, depth=300):
    out = subprocess.run([JFR, 'print', '--json', '--stack-depth', str(depth), '--events', name, path],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)['recording']['events']


def seconds(hms):
    h, m, s = hms.split(':')
    return int(h) * 3600 + int(m) * 60 + int(s)


def main():
    folder, start, end = sys.argv[1], sys.argv[2], sys.argv[3]
    orders = float(sys.argv[4]) if len(sys.argv) > 4 else 0
    cores = os.cpu_count()
    total = 0.0
    for path in sorted(glob.glob(os.path.join(folder, '*.jfr'))):
        arguments = events(path, 'jdk.JVMInformation')[0]['values']['javaArguments']
        found = re.search(r'service (\w+) .*--instance=(\S+)', arguments)
        if found and found.group(2) == '1':
            service = found.group(1)
        elif re.search(r'\.jar run\b', arguments):
            service = 'embedded (the five in one process)'
        else:
            continue
        loads = [e['values'] for e in events(path, 'jdk.CPULoad')
                 if start <= e['values']['startTime'][11:19] <= end]
        if not loads:
            continue  # not running then (the other shape's)
        share = sum(v['jvmUser'] + v['jvmSystem'] for v in loads) / max(len(loads), 1)
        cpu = share * cores * (seconds(end) - seconds(start))
        total += cpu
        counts, samples = collections.Counter(), 0
        for e in events(path, 'jdk.ExecutionSample'):
            stack = e['values'].get('stackTrace')
            if not stack or not (start <= e['values']['startTime'][11:19] <= end):
                continue
            samples += 1
            frames = '\n'.join(f['method']['type']['name'] + '.' + f['method']['name'] for f in stack['frames'])
            for label, frame in CATEGORIES:
                if frame in frames:
                    counts[label] += 1
        per_order = f', {1000 * cpu / orders:.1f} ms CPU per order' if orders else ''
        print(f'{service}: {100 * share:.1f} % of the machine ({cpu:.1f} CPU-s){per_order}; {samples} samples')
        for label, _ in CATEGORIES:
            print(f'  {label:45s} {100 * counts[label] / max(samples, 1):5.1f} %')
    if orders:
        print(f'all of them: {total:.1f} CPU-s, {1000 * total / orders:.1f} ms CPU per order')


if __name__ == '__main__':
    main()
