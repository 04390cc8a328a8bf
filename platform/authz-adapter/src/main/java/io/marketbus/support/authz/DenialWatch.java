package io.marketbus.support.authz;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.marketbus.contract.events.SuspiciousActivity;
import io.marketbus.eventbus.Outbox;
import io.marketbus.eventbus.RequestContext;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts denials per subject in a sliding window; the one that reaches the threshold fires
 * event-suspicious-activity (once per window), in a transaction of its own so that the request's
 * rollback does not take the report with it.
 */
public class DenialWatch {

    private static final Logger log = LoggerFactory.getLogger(DenialWatch.class);

    private final Cache<String, AtomicInteger> recent;
    private final int threshold;
    private final Outbox outbox;
    private final TransactionTemplate ownTransaction;

    public DenialWatch(AuthzProperties.Denials settings, Outbox outbox, PlatformTransactionManager transactions) {
        this.recent = Caffeine.newBuilder().expireAfterWrite(settings.window()).maximumSize(100_000).build();
        this.threshold = settings.threshold();
        this.outbox = outbox;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    void denied(String subject, String action, String type, String id) {
        int count = recent.get(subject, s -> new AtomicInteger()).incrementAndGet();
        if (count != threshold) {
            return;
        }
        long accountId = parseAccount(subject);
        String requestId = RequestContext.current().requestId();
        UUID request = requestId != null && requestId.length() == 36 ? UUID.fromString(requestId) : UUID.randomUUID();
        SuspiciousActivity report = new SuspiciousActivity(request, accountId, type, id, action,
                threshold + " denied requests within the watch window", SuspiciousActivity.Severity.MEDIUM);
        try {
            ownTransaction.executeWithoutResult(s -> outbox.append(subject, report));
        } catch (RuntimeException e) {
            log.warn("Could not report suspicious activity of {}: {}", subject, e.toString());
        }
    }

    private static long parseAccount(String subject) {
        try {
            return Math.max(0, Long.parseLong(subject));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
