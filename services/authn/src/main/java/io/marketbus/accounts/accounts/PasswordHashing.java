package io.marketbus.accounts.accounts;

import io.marketbus.accounts.AuthnProperties;
import io.marketbus.support.web.ProblemException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The turns for password hashing in this instance ({@code marketbus.authn.password-hashing.*}).
 * Each Argon2id hash or check takes 19 MiB and a core for tens of milliseconds: without a bound a
 * few hundred parallel logins or sign-ups exhaust heap and CPU of the JVM every service may share.
 * At most {@code concurrency} run at once; a request waits its turn (first come, first served) at
 * most {@code max-wait}, then gets 503 problem+json with {@code Retry-After}, and everything that
 * hashes nothing stays responsive.
 *
 * <p>The hashing runs on platform threads of its own, one per turn: on a virtual thread it would pin
 * a carrier for the whole hash, and with as many hashes as cores no other request (virtual threads
 * all) would get a carrier until one finished. The caller parks while it waits.
 */
@Component
public class PasswordHashing implements DisposableBean {

    static final long RETRY_AFTER_SECONDS = 1;

    private final Semaphore turns;
    private final long maxWaitNanos;
    private final ExecutorService hashers;

    PasswordHashing(AuthnProperties properties) {
        int concurrency = properties.passwordHashing().concurrency();
        this.turns = new Semaphore(concurrency, true);
        this.maxWaitNanos = properties.passwordHashing().maxWait().toNanos();
        this.hashers = Executors.newFixedThreadPool(concurrency,
                Thread.ofPlatform().daemon().name("password-hashing-", 1).factory());
    }

    /**
     * Runs {@code work} (which hashes or checks a password) in a turn.
     *
     * @throws ProblemException 503 with Retry-After when no turn came within the wait
     */
    public <T> T inTurn(Supplier<T> work) {
        boolean acquired;
        try {
            acquired = turns.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw busy();
        }
        try {
            return hashers.submit(work::get).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            turns.release();
        }
    }

    @Override
    public void destroy() {
        hashers.shutdownNow();
    }

    private static ProblemException busy() {
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "password-hashing-busy", "Busy",
                "Too many password checks at once: try again in " + RETRY_AFTER_SECONDS + " s",
                Map.of("retry_after", RETRY_AFTER_SECONDS), Map.of("Retry-After", Long.toString(RETRY_AFTER_SECONDS)));
    }
}
