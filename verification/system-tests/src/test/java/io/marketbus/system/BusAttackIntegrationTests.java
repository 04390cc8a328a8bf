package io.marketbus.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.Namespace;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.Payment;
import io.marketbus.harness.Api;
import io.marketbus.harness.RunningSystem;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The bus as an attacker meets it (issue 10): the whole system on the suite's secured bus, attacked
 * without credentials and with one service's own (a compromised ordersvc). Every attempt must fail
 * with a NATS permission error and leave stock, money, orders and policies as they were.
 */
class BusAttackIntegrationTests {

    static RunningSystem system;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.start();
        assertThat(system.nats().credentials()).as("the suite runs on a secured bus (./marketbus test starts one)").isPresent();
        api = new Api(system);
    }

    @AfterAll
    static void stop() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aClientWithoutCredentialsCannotConnect() {
        // The one anonymous connection of the suite: the forged upsert of the issue never gets a socket.
        assertThatThrownBy(() -> Nats.connect(Options.builder().server(system.natsUrl()).maxReconnects(0)
                .connectionTimeout(Duration.ofSeconds(2)).build()))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("Authorization Violation");
    }

    @Test
    void ordersvcsIdentityCannotForgeOthersEventsNorTouchStreamsNorOthersConsumers() throws Exception {
        String seller = api.signUpAndLogIn("Sam Seller", "seller");
        api.awaitSignUpGrant(seller, "post", "merchants");
        String merchant = created(api.post("inventorysvc", "/v1/inventorysvc/merchants",
                Map.of("name", "Attack Goods " + System.nanoTime()), seller));
        String product = created(api.post("inventorysvc", "/v1/inventorysvc/merchants/" + merchant + "/products",
                Map.of("name", "Vase " + System.nanoTime(), "description", "", "price", "10.00", "quantity", 3), seller));
        String customer = api.signUpAndLogIn("Vic Victim", "customer");
        api.awaitSignUpGrant(customer, "post", "orders");
        String order = created(api.post("ordersvc", "/v1/ordersvc/orders", Map.of("product_id", product, "quantity", 1), customer));
        await().atMost(Duration.ofSeconds(20)).until(() -> "paid".equals(api.get("ordersvc", "/v1/ordersvc/orders/" + order, customer).text("status")));
        Map<String, Object> before = state(customer, product);

        Namespace ns = system.nats().namespace();
        List<String> errors = new CopyOnWriteArrayList<>();
        Options.Builder options = Options.builder().server(system.natsUrl()).connectionName("attacker-as-ordersvc")
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        errors.add(error);
                    }
                });
        system.nats().credentials().map(io.marketbus.busaccess.BusIdentities::in).orElseThrow()
                .applyTo(options, ServiceName.ORDER.busName());
        UUID forgedOrder = UUID.randomUUID();
        try (Connection attacker = Nats.connect(options.build())) {
            JetStreamOptions quick = JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(1)).build();
            var js = attacker.jetStream(quick);
            JetStreamManagement jsm = attacker.jetStreamManagement(quick);
            byte[] forgedPayment = new EventCodec(EventCatalogue.load()).encode(CloudEvent.of(ServiceName.PAYMENT, forgedOrder.toString(), null, null,
                    new Payment(forgedOrder, Api.accountOf(customer), Payment.Status.PAYMENT_SUCCESSFUL)));

            deniedWithPermissionError(errors, ns.subject("paymentsvc.event-payment"),
                    () -> js.publish(ns.subject("paymentsvc.event-payment"), forgedPayment));
            // A policy command in another issuer's name: the subject names the sender, NATS checks it.
            String asInventory = ns.subject("authzsvc.event-upsert-policy.inventorysvc");
            deniedWithPermissionError(errors, asInventory, () -> js.publish(asInventory, forgedPayment));
            deniedWithPermissionError(errors, "$JS.API.STREAM.CREATE." + ns.stream("evil"),
                    () -> jsm.addStream(StreamConfiguration.builder().name(ns.stream("evil")).subjects(ns.subject("evil.>")).build()));
            deniedWithPermissionError(errors, "$JS.API.STREAM.PURGE." + ns.stream("ordersvc"),
                    () -> jsm.purgeStream(ns.stream("ordersvc")));
            deniedWithPermissionError(errors, "$JS.API.STREAM.DELETE." + ns.stream("paymentsvc"),
                    () -> jsm.deleteStream(ns.stream("paymentsvc")));
            String othersDurable = "$JS.API.CONSUMER.MSG.NEXT." + ns.stream("ordersvc") + ".event-order-created-inventorysvc";
            // A plain request: jnats answers null when no reply comes, so the message itself is the proof.
            assertThat(attacker.request(othersDurable, "{\"batch\":1}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(1)))
                    .as("a message pulled from inventorysvc's consumer").isNull();
            awaitPermissionError(errors, othersDurable);
        }

        // Nothing forged reached a stream, and the system's state is what it was.
        JetStreamManagement operator = system.nats().connection().jetStreamManagement();
        assertThat(operator.getStreamInfo(ns.stream("paymentsvc")).getStreamState().getMsgCount()).isPositive();
        assertThat(operator.getStreamNames()).doesNotContain(ns.stream("evil"));
        assertThat(lastPaymentMentions(operator, ns, forgedOrder)).isFalse();
        assertThat(state(customer, product)).isEqualTo(before);
    }

    private static String created(Api.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.text("id");
    }

    private static void deniedWithPermissionError(List<String> errors, String subject, Executable attempt) {
        assertThatThrownBy(attempt::execute).as("the server answers nothing to %s", subject).isNotNull();
        awaitPermissionError(errors, subject);
    }

    private static void awaitPermissionError(List<String> errors, String subject) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(errors)
                .anyMatch(e -> e.contains("Permissions Violation") && e.contains(subject)));
    }

    private static boolean lastPaymentMentions(JetStreamManagement operator, Namespace ns, UUID order) throws Exception {
        try {
            return new String(operator.getLastMessage(ns.stream("paymentsvc"), ns.subject("paymentsvc.event-payment")).getData(),
                    StandardCharsets.UTF_8).contains(order.toString());
        } catch (io.nats.client.JetStreamApiException none) {
            return false;
        }
    }

    /** What the attack must not change: stock, the victim's money, orders and policies (as the admin sees them). */
    private static Map<String, Object> state(String customer, String product) {
        String admin = api.admin();
        long account = Api.accountOf(customer);
        return Map.of(
                "available", api.get("inventorysvc", "/v1/inventorysvc/products/" + product, customer).body().path("available").asInt(),
                "balance", api.get("paymentsvc", "/v1/paymentsvc/wallet", customer).text("balance"),
                "orders", api.get("ordersvc", "/v1/ordersvc/orders", customer).body().path("items").toString(),
                "policies", api.call(system.url("authzsvc"), "GET", "/v1/authzsvc/policies?subject=" + account, null, admin)
                        .body().path("policies").toString());
    }
}
