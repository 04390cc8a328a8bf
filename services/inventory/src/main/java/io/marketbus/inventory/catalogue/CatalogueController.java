package io.marketbus.inventory.catalogue;

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
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/inventorysvc}. Sellers create merchants ({@code merchants:post:*}) and administer the
 * ones they created ({@code merchants:*:<id>}, action {@code manage} for products and stock);
 * customers read products ({@code products:get:*}).
 */
@RestController
@RequestMapping("/v1/inventorysvc")
class CatalogueController {

    static final BigDecimal MAX_PRICE = new BigDecimal("1000000.00");

    private final Catalogue catalogue;
    private final Permissions permissions;

    CatalogueController(Catalogue catalogue, Permissions permissions) {
        this.catalogue = catalogue;
        this.permissions = permissions;
    }

    @Operation(summary = "Create a merchant (unique name); the caller becomes its administrator")
    @RequiresPermission(action = "post", resource = "merchants")
    @PostMapping("/merchants")
    @IdempotentWrite
    ResponseEntity<Merchant> createMerchant(@Valid @RequestBody NewMerchant request) {
        Merchant merchant = catalogue.createMerchant(CallerAccount.require("Only an account can own a merchant"),
                request.name().strip());
        return ResponseEntity.created(URI.create("/v1/inventorysvc/merchants/" + merchant.id())).body(merchant);
    }

    @Operation(summary = "The merchants the caller may read")
    @GetMapping("/merchants")
    Page<Merchant> merchants(PageRequest page) {
        return catalogue.merchants(permissions.visibleIds("get", "merchants"), page);
    }

    @Operation(summary = "One merchant")
    @RequiresPermission(action = "get", resource = "merchants", idVariable = "merchantId")
    @GetMapping("/merchants/{merchantId}")
    Merchant merchant(@PathVariable UUID merchantId) {
        return catalogue.merchant(merchantId).orElseThrow(() -> ProblemException.notFound("Merchant " + merchantId));
    }

    @Operation(summary = "Add a product to a merchant the caller administers (name unique per merchant)")
    @RequiresPermission(action = "manage", resource = "merchants", idVariable = "merchantId")
    @PostMapping("/merchants/{merchantId}/products")
    @IdempotentWrite
    ResponseEntity<Product> addProduct(@PathVariable UUID merchantId, @Valid @RequestBody NewProduct request) {
        Product product = catalogue.addProduct(merchantId, request.name().strip(),
                request.description() == null ? "" : request.description(), request.money(), request.quantity());
        return ResponseEntity.created(URI.create("/v1/inventorysvc/products/" + product.id())).body(product);
    }

    @Operation(summary = "A merchant's products, for its administrator")
    @RequiresPermission(action = "get", resource = "merchants", idVariable = "merchantId")
    @GetMapping("/merchants/{merchantId}/products")
    Page<Product> merchantProducts(@PathVariable UUID merchantId, PageRequest page) {
        return catalogue.products(io.marketbus.authz.VisibleIds.all(), merchantId, page);
    }

    @Operation(summary = "Set how many units orders may still reserve")
    @RequiresPermission(action = "manage", resource = "merchants", idVariable = "merchantId")
    @PutMapping("/merchants/{merchantId}/products/{productId}/stock")
    Product setStock(@PathVariable UUID merchantId, @PathVariable UUID productId, @Valid @RequestBody Stock request) {
        return catalogue.setAvailable(merchantId, productId, request.available());
    }

    @Operation(summary = "The products the caller may read, optionally of one merchant")
    @GetMapping("/products")
    Page<Product> products(@RequestParam(name = "merchant_id", required = false) UUID merchantId, PageRequest page) {
        return catalogue.products(permissions.visibleIds("get", "products"), merchantId, page);
    }

    @Operation(summary = "One product")
    @RequiresPermission(action = "get", resource = "products", idVariable = "productId")
    @GetMapping("/products/{productId}")
    Product product(@PathVariable UUID productId) {
        return catalogue.product(productId).orElseThrow(() -> ProblemException.notFound("Product " + productId));
    }

    record NewMerchant(@NotBlank @Size(max = 100) String name) {}

    record NewProduct(@NotBlank @Size(max = 100) String name,
                      @Size(max = 2000) String description,
                      @NotNull @Pattern(regexp = MoneyInput.PATTERN, message = MoneyInput.MESSAGE + "\"12.50\"") String price,
                      @NotNull @Min(0) @Max(1_000_000) Integer quantity) {
        Money money() {
            return MoneyInput.positiveAtMost("price", price, MAX_PRICE);
        }
    }

    record Stock(@NotNull @Min(0) @Max(1_000_000) Integer available) {}
}
