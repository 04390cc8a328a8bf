package io.marketbus.payments.wallets;

import io.marketbus.contract.Money;
import io.marketbus.support.authz.Permissions;
import io.marketbus.support.authz.RequiresPermission;
import io.marketbus.support.web.CallerAccount;
import io.marketbus.support.web.IdempotentWrite;
import io.marketbus.support.web.MoneyInput;
import io.marketbus.support.web.Page;
import io.marketbus.support.web.PageRequest;
import io.marketbus.support.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/paymentsvc}: a customer's wallet, recharges ({@code transactions:post:*}, granted to
 * customers) and the transactions the caller may read (each granted to its owner).
 */
@RestController
@RequestMapping("/v1/paymentsvc")
class WalletController {

    static final BigDecimal MAX_RECHARGE = new BigDecimal("1000000.00");
    private static final String ONLY_AN_ACCOUNT = "Only an account has a wallet";

    private final Wallets wallets;
    private final Permissions permissions;

    WalletController(Wallets wallets, Permissions permissions) {
        this.wallets = wallets;
        this.permissions = permissions;
    }

    @Operation(summary = "The caller's wallet")
    @GetMapping("/wallet")
    Wallet wallet() {
        long account = CallerAccount.require(ONLY_AN_ACCOUNT);
        return wallets.wallet(account).orElseThrow(() -> ProblemException.notFound("The wallet of account " + account));
    }

    @Operation(summary = "Recharge the caller's wallet; answers the recharge transaction")
    @RequiresPermission(action = "post", resource = "transactions")
    @PostMapping("/wallet/recharges")
    @IdempotentWrite
    ResponseEntity<Transaction> recharge(@Valid @RequestBody Recharge request) {
        Money amount = MoneyInput.positiveAtMost("amount", request.amount(), MAX_RECHARGE);
        Transaction transaction = wallets.recharge(CallerAccount.require(ONLY_AN_ACCOUNT), amount);
        return ResponseEntity.created(URI.create("/v1/paymentsvc/transactions/" + transaction.id())).body(transaction);
    }

    @Operation(summary = "The transactions the caller may read, newest first")
    @GetMapping("/transactions")
    Page<Transaction> transactions(PageRequest page) {
        return wallets.transactions(permissions.visibleIds("get", "transactions"), page);
    }

    @Operation(summary = "One transaction")
    @RequiresPermission(action = "get", resource = "transactions", idVariable = "id")
    @GetMapping("/transactions/{id}")
    Transaction transaction(@PathVariable UUID id) {
        return wallets.transaction(id).orElseThrow(() -> ProblemException.notFound("Transaction " + id));
    }

    record Recharge(@NotNull @Pattern(regexp = MoneyInput.PATTERN, message = MoneyInput.MESSAGE + "\"25.00\"") String amount) {}
}
