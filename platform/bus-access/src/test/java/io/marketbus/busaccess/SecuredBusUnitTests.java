package io.marketbus.busaccess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.Namespace;
import io.marketbus.contract.access.BusScope;
import io.nats.client.AuthHandler;
import io.nats.client.NKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecuredBusUnitTests {

    @Test
    void seedsAreMadeOnce_ownerOnly_andSignWhatTheServerCanVerify(@TempDir Path dir) throws Exception {
        BusIdentities identities = BusIdentities.in(dir).create(List.of("ordersvc"));
        String publicKey = identities.publicKey("ordersvc");
        assertThat(publicKey).startsWith("U");
        assertThat(Files.getPosixFilePermissions(dir.resolve("ordersvc.nk"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(BusIdentities.in(dir).create(List.of("ordersvc")).publicKey("ordersvc")).isEqualTo(publicKey);

        AuthHandler auth = identities.authHandler("ordersvc");
        byte[] nonce = "nonce-from-server".getBytes(StandardCharsets.UTF_8);
        assertThat(NKey.fromPublicKey(auth.getID()).verify(nonce, auth.sign(nonce))).isTrue();
        assertThat(auth.getJWT()).isNull();
    }

    @Test
    void aMissingIdentitySaysWhichFileIsMissing(@TempDir Path dir) {
        assertThatThrownBy(() -> BusIdentities.in(dir).authHandler("paymentsvc"))
                .isInstanceOf(IOException.class).hasMessageContaining("paymentsvc.nk is missing");
        assertThat(BusIdentities.in(dir).has("paymentsvc")).isFalse();
    }

    @Test
    void theConfigurationListsEveryIdentityByItsKey_andNoAnonymousUser(@TempDir Path dir) throws Exception {
        SecuredBus bus = SecuredBus.in(dir).write(EventCatalogue.load(), BusScope.of(Namespace.NONE), "127.0.0.1", 4250, dir, false);
        String conf = Files.readString(bus.configuration());
        for (String identity : List.of("provisioning", "authnsvc", "authzsvc", "ordersvc", "inventorysvc", "paymentsvc")) {
            assertThat(conf).contains("nkey: \"" + bus.identities().publicKey(identity) + "\"");
        }
        assertThat(conf).contains("listen: \"127.0.0.1:4250\"", "store_dir: \"" + dir + "\"", "\"$JS.API.CONSUMER.MSG.NEXT.paymentsvc.event-payment-ordersvc\"")
                .doesNotContain("no_auth_user", "password");
    }
}
