package io.marketbus.contract.access;

import io.marketbus.contract.Namespace;

/**
 * Which namespaces a set of bus permissions covers: one deployment's namespace (names exact), or any
 * namespace, for the test suite's server, where every test class makes a fresh namespace. NATS
 * wildcards match whole tokens only, so "any" widens the namespace token of subjects ({@code *.x})
 * and the whole stream name of API subjects ({@code $JS.API.CONSUMER.INFO.*.durable}); durable
 * names and filter subjects stay exact, so a service still reaches only its own consumers.
 */
public sealed interface BusScope {

    String subject(String contractSubject);

    String stream(String contractStream);

    static BusScope of(Namespace namespace) {
        return new Exact(namespace);
    }

    static BusScope anyNamespace() {
        return new AnyNamespace();
    }

    record Exact(Namespace namespace) implements BusScope {
        @Override
        public String subject(String contractSubject) {
            return namespace.subject(contractSubject);
        }

        @Override
        public String stream(String contractStream) {
            return namespace.stream(contractStream);
        }
    }

    record AnyNamespace() implements BusScope {
        @Override
        public String subject(String contractSubject) {
            return "*." + contractSubject;
        }

        @Override
        public String stream(String contractStream) {
            return "*";
        }
    }
}
