package io.marketbus.harness.reliability;

import io.marketbus.eventbus.DeadLetter;
import java.util.List;

/** Every HTTP endpoint of the five services with invalid input (quick: a subset); see {@link Fuzz}. */
public final class FuzzMode extends Mode {

    @Override
    public void run(Sandbox sandbox, Settings settings, Figures figures) throws Exception {
        Shop shop = new Shop(sandbox.api()).open(List.of(new Shop.ProductSpec("Fuzz target", "4.00", 10, 1)));
        shop.addCustomers(1);
        SystemChecks checks = new SystemChecks(sandbox);
        Settlement.awaitQuietBefore("fuzz", checks, settings, figures);
        List<Long> earlier = sandbox.deadLetters().stream().map(DeadLetter::sequence).toList();
        new Fuzz(sandbox, checks, shop, figures).run(!settings.quick());
        Settlement.settleAndCheck(sandbox, figures, settings, SystemChecks.ClientView.NONE, earlier);
    }
}
