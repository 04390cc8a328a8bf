package io.marketbus.payments.wallets;

import io.marketbus.authz.VisibleIds;
import io.marketbus.contract.Money;
import io.marketbus.support.web.Page;
import io.marketbus.support.web.PageRequest;
import io.marketbus.support.web.ProblemException;
import io.marketbus.support.web.VisibleRows;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** What customers do with their wallets over HTTP. */
@Service
class Wallets {

    private final Ledger ledger;
    private final TransactionTemplate tx;

    Wallets(Ledger ledger, PlatformTransactionManager transactions) {
        this.ledger = ledger;
        this.tx = new TransactionTemplate(transactions);
    }

    Transaction recharge(long account, Money amount) {
        return tx.execute(status -> {
            if (ledger.lock(account).isEmpty()) {
                throw ProblemException.conflict("Account " + account + " has no wallet (yet)");
            }
            return ledger.credit(account, null, Transaction.Kind.RECHARGE, amount).orElseThrow(() ->
                    ProblemException.conflict("A wallet holds at most " + Ledger.MAX_BALANCE));
        });
    }

    Optional<Wallet> wallet(long account) {
        return ledger.wallet(account);
    }

    Optional<Transaction> transaction(UUID id) {
        return ledger.transaction(id);
    }

    Page<Transaction> transactions(VisibleIds visible, PageRequest page) {
        return ledger.transactions(VisibleRows.ofUuids(visible), page);
    }
}
