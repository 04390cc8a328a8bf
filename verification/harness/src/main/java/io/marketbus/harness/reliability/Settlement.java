package io.marketbus.harness.reliability;

import io.marketbus.eventbus.DeadLetter;
import java.util.ArrayList;
import java.util.List;

/** The end of every mode: what the load did, then quiescence and every invariant checked. */
final class Settlement {

    private Settlement() {}

    /** Before a mode's abuse: the system is quiet, else that is a violation already. */
    static void awaitQuietBefore(String what, SystemChecks checks, Settings settings, Figures figures) {
        SystemChecks.Quiet before = checks.awaitQuiet(settings.settle());
        if (!before.quiet()) {
            figures.violation("not quiet before the " + what + ": " + before);
        }
    }

    static void report(Figures figures, Load.Result result) {
        figures.put("orders attempted", result.attempted());
        figures.put("orders acknowledged (201)", result.placed().size());
        figures.put("orders given up by the client", result.ordersGivenUp());
        figures.put("cancels accepted / refused (409) / given up", result.cancelsAccepted().size() + " / "
                + result.cancelsRefused() + " / " + result.cancelsGivenUp());
        figures.put("recharges", result.recharges());
        figures.put("client retries (5xx, service down; never 403)", result.retries());
        figures.put("load seconds", Math.round(result.seconds()));
        figures.put("orders per second", Math.round(result.placed().size() / Math.max(result.seconds(), 0.001) * 10) / 10.0);
    }

    /**
     * Awaits quiescence, then checks every invariant and the dead letters: any dead letter that is not
     * in {@code expected} (sequences seen earlier) or a poison pill is a violation.
     */
    static void settleAndCheck(Sandbox sandbox, Figures figures, Settings settings, SystemChecks.ClientView client,
                               List<Long> expected) {
        settleAndCheck(sandbox, figures, settings, client, expected, List.of());
    }

    /**
     * The end of a mode with a load: settles and checks as below, and demands the minimum outcomes of
     * {@link SystemChecks.Outcomes} (no dead letter is expected).
     */
    static void settleAndCheck(Sandbox sandbox, Figures figures, Settings settings, Load.Result result) {
        settleAndCheck(sandbox, figures, settings, result.clientView(),
                result.attempted());
    }

    /** The same for a load of the mode's own that attempted {@code attempted} orders. */
    static void settleAndCheck(Sandbox sandbox, Figures figures, Settings settings, SystemChecks.ClientView client,
                               long attempted) {
        settleAndCheck(sandbox, figures, settings, client, List.of(), List.of(), attempted);
    }

    static void settleAndCheck(Sandbox sandbox, Figures figures, Settings settings, SystemChecks.ClientView client,
                               List<Long> expected, List<Poison.Pill> pills) {
        settleAndCheck(sandbox, figures, settings, client, expected, pills, -1);
    }

    /** @param attempted the orders a load attempted, whose outcomes are demanded; negative: the mode ran no load */
    private static void settleAndCheck(Sandbox sandbox, Figures figures, Settings settings, SystemChecks.ClientView client,
                                       List<Long> expected, List<Poison.Pill> pills, long attempted) {
        SystemChecks checks = new SystemChecks(sandbox);
        long start = System.nanoTime();
        SystemChecks.Quiet quiet = checks.awaitQuiet(settings.settle());
        figures.put("quiet after s", Math.round((System.nanoTime() - start) / 1e9));
        if (!quiet.quiet()) {
            figures.violation("not quiet after " + settings.settle() + ": " + quiet);
        }
        figures.put("orders in ordersvc", sandbox.count("select count(*) from ordersvc.orders"));
        // Every order is sent with an Idempotency-Key and retried with it: none may exist that the
        // client was not told about, except one per order it gave up on (SystemChecks: a violation).
        figures.put("orders of the load's customers never acknowledged (given up by the client: at most "
                + client.ordersGivenUp() + ")", checks.unacknowledgedOrders(client).size());
        figures.put("orders by status", checks.ordersByStatus());
        figures.put("stock (product: stocked / available / sold)", sandbox.strings("""
                select p.name || ': ' || p.stocked || ' / ' || p.available || ' / '
                       || coalesce((select sum(quantity) from inventorysvc.reservations r where r.product_id = p.id and r.state = 'sold'), 0)
                from inventorysvc.products p order by p.name"""));
        figures.put("money (wallets, opening + recharges - debits + refunds = balance)", sandbox.strings("""
                select count(*) || ' wallets: ' || coalesce(sum(opening_balance), 0) || ' + '
                       || (select coalesce(sum(amount), 0) from paymentsvc.transactions where kind = 'recharge') || ' - '
                       || (select coalesce(sum(amount), 0) from paymentsvc.transactions where kind = 'debit') || ' + '
                       || (select coalesce(sum(amount), 0) from paymentsvc.transactions where kind = 'refund') || ' = '
                       || coalesce(sum(balance), 0) from paymentsvc.wallets""").getFirst());
        List<Sandbox.ConsumerState> consumers = sandbox.consumers();
        figures.put("durable consumers (all pending 0, ack pending 0 when quiet)", consumers.stream().filter(Sandbox.ConsumerState::durable).count());
        figures.put("messages awaiting redelivery now (num_redelivered)", consumers.stream().mapToLong(Sandbox.ConsumerState::redelivered).sum());
        List<DeadLetter> letters = sandbox.deadLetters();
        figures.put("dead letters", letters.size());
        List<Long> poisonSequences = new ArrayList<>();
        if (!pills.isEmpty()) {
            letters.forEach(d -> pills.stream().filter(p -> p.subject().equals(d.originalSubject())
                    && java.util.Arrays.equals(p.body(), d.body())).findAny().ifPresent(p -> poisonSequences.add(d.sequence())));
        }
        for (DeadLetter letter : letters) {
            if (!expected.contains(letter.sequence()) && !poisonSequences.contains(letter.sequence())) {
                figures.violation("dead letter: " + Poison.describe(letter));
            }
        }
        letters.stream().filter(d -> !poisonSequences.contains(d.sequence())).limit(20)
                .forEach(d -> figures.say("dead letter " + Poison.describe(d)));
        figures.violations(checks.violations(client));
        if (attempted >= 0) {
            SystemChecks.Outcomes outcomes = checks.outcomes(attempted, client.acknowledgedOrders());
            figures.put("orders acknowledged and terminal, of attempted (at least 95 %)", outcomes.terminal() + " of " + attempted);
            figures.put("acknowledged orders by status (each outcome above zero)", outcomes.byStatus());
            figures.violations(outcomes.violations());
        }
        figures.put("invariants", figures.passed() ? "hold" : "VIOLATED");
    }
}
