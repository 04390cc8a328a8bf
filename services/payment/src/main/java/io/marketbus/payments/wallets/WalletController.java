package io.marketbus.payments.wallets;

import io.marketbus.contract.Money;
import io.marketbus.support.authz.Permissions;
import io.marketbus.support.authz.RequiresPermission;
import io.marketbus.support.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/paymentsvc}: a customer's wallet, recharges ({@code transactions:post:*}, granted to
 * customers) and the transactions the caller may read (each granted to its owner).
 */
@RestController
@RequestMapping("/v1/paymentsvc")
class WalletController {

    static final String MONEY = "^(0|[1-9][0-9]{0,8})\\.[0-9]{2}$";
    static final BigDecimal MAX_RECHARGE = new BigDecimal("1000000.00");

    private final Wallets wallets;
    private final Permissions permissions;

    WalletController(Wallets wallets, Permissions permissions) {
        this.wallets = wallets;
        this.permissions = permissions;
    }

    @Operation(summary = "The caller's wallet")
    @GetMapping("/wallet")
    Wallet wallet() {
        long account = callerAccount();
        return wallets.wallet(account).orElseThrow(() -> ProblemException.notFound("The wallet of account " + account));
    }

    @Operation(summary = "Recharge the caller's wallet; answers the recharge transaction")
    @RequiresPermission(action = "post", resource = "transactions")
    @PostMapping("/wallet/recharges")
    ResponseEntity<Transaction> recharge(@Valid @RequestBody Recharge request) {
        Money amount = Money.of(request.amount());
        if (amount.amount().signum() <= 0 || amount.amount().compareTo(MAX_RECHARGE) > 0) {
            throw ProblemException.badRequest("amount must be more than 0.00 and at most " + MAX_RECHARGE);
        }
        Transaction transaction = wallets.recharge(callerAccount(), amount);
        return ResponseEntity.created(URI.create("/v1/paymentsvc/transactions/" + transaction.id())).body(transaction);
    }

    @Operation(summary = "The transactions the caller may read, newest first")
    @GetMapping("/transactions")
    Wallets.TransactionPage transactions(@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                                         @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return wallets.transactions(permissions.visibleIds("get", "transactions"), page, size);
    }

    @Operation(summary = "One transaction")
    @RequiresPermission(action = "get", resource = "transactions", idVariable = "id")
    @GetMapping("/transactions/{id}")
    Transaction transaction(@PathVariable UUID id) {
        return wallets.transaction(id).orElseThrow(() -> ProblemException.notFound("Transaction " + id));
    }

    private long callerAccount() {
        return permissions.account().orElseThrow(() -> ProblemException.forbidden("Only an account has a wallet"));
    }

    record Recharge(@NotNull @Pattern(regexp = MONEY,
            message = "must be a decimal string with two fraction digits, e.g. \"25.00\"") String amount) {}
}
