package io.marketbus.accounts.accounts;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketbus.contract.events.AccountRole;
import io.marketbus.support.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/authnsvc/accounts}: sign-up (public, limited per client address), read, list and delete. */
@RestController
@Validated
@RequestMapping("/v1/authnsvc/accounts")
class AccountController {

    private final Accounts accounts;
    private final AccountAccess access;
    private final SignUpLimit signUps;

    AccountController(Accounts accounts, AccountAccess access, SignUpLimit signUps) {
        this.accounts = accounts;
        this.access = access;
        this.signUps = signUps;
    }

    /** A new account. Its password is never echoed, logged or printed. */
    record SignUp(
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Email @Size(max = 254) String email,
            @NotNull @Size(min = 8, max = 128) String password,
            @NotNull @Pattern(regexp = "customer|seller|admin", message = "must be customer, seller or admin") String role) {

        @Override
        public String toString() {
            return "SignUp[name=" + name + ", email=" + email + ", role=" + role + ", password=***]";
        }
    }

    /** An account as callers see it. */
    record AccountView(long id, String name, String email, String role, @JsonProperty("created_at") Instant createdAt) {
        static AccountView of(Account account) {
            return new AccountView(account.id(), account.name(), account.email(), account.roleName(), account.createdAt());
        }
    }

    @PostMapping
    ResponseEntity<AccountView> create(@Valid @RequestBody SignUp request, @AuthenticationPrincipal Jwt jwt,
                                       HttpServletRequest http) {
        Caller caller = Caller.of(jwt);
        if (!caller.isAdmin()) {
            signUps.take(http.getRemoteAddr()); // before the password is hashed; an administrator is trusted
        }
        AccountRole role = RoleNames.parse(request.role());
        if (!access.mayCreate(caller, role)) {
            throw ProblemException.forbidden("Only an administrator can create an administrator");
        }
        Account account = accounts.create(request.name(), request.email(), role, request.password());
        return ResponseEntity.created(URI.create("/v1/authnsvc/accounts/" + account.id())).body(AccountView.of(account));
    }

    /** The accounts the caller's policies let it read (an administrator: all; an account: itself), in id order. */
    @GetMapping
    List<AccountView> list(@AuthenticationPrincipal Jwt jwt,
                           @RequestParam(name = "after_id", defaultValue = "0") @Min(0) long afterId,
                           @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        requireCaller(jwt);
        return accounts.list(access.readable(), afterId, limit).stream().map(AccountView::of).toList();
    }

    @GetMapping("/{id}")
    AccountView get(@PathVariable long id, @AuthenticationPrincipal Jwt jwt) {
        requireCaller(jwt);
        access.requireRead(id); // 403 before any lookup: an absent id is not told from a foreign one
        return accounts.find(id).map(AccountView::of).orElseThrow(() -> ProblemException.notFound("Account " + id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id, @AuthenticationPrincipal Jwt jwt) {
        requireCaller(jwt);
        access.requireDelete(id);
        if (!accounts.delete(id)) {
            throw ProblemException.notFound("Account " + id);
        }
    }

    /** The security chain already demands a token here; this keeps it so if the chain is changed. */
    private static void requireCaller(Jwt jwt) {
        if (Caller.of(jwt).isAnonymous()) {
            throw new ProblemException(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                    "A valid access token is required", Map.of(), Map.of("WWW-Authenticate", "Bearer"));
        }
    }
}
