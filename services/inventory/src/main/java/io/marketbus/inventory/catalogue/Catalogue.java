package io.marketbus.inventory.catalogue;

import io.marketbus.authz.VisibleIds;
import io.marketbus.contract.Money;
import io.marketbus.support.authz.IssuedPolicies;
import io.marketbus.support.database.StoredTime;
import io.marketbus.support.web.Listing;
import io.marketbus.support.web.Page;
import io.marketbus.support.web.PageRequest;
import io.marketbus.support.web.ProblemException;
import io.marketbus.support.web.VisibleRows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Merchants and their products. Stock taken by orders is {@code reservations}' business. */
@Service
class Catalogue {

    private static final String MERCHANT_COLUMNS = "id, name, owner_id, created_at";
    private static final String PRODUCT_COLUMNS =
            "id, merchant_id, name, description, price, available, created_at, updated_at";

    private final JdbcClient jdbc;
    private final IssuedPolicies policies;
    private final TransactionTemplate tx;
    private final Listing<Merchant> merchants;
    private final Listing<Product> products;

    Catalogue(JdbcClient jdbc, IssuedPolicies policies, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.tx = new TransactionTemplate(transactions);
        this.merchants = new Listing<>(jdbc, "merchants", MERCHANT_COLUMNS, Catalogue::merchant);
        this.products = new Listing<>(jdbc, "products", PRODUCT_COLUMNS, Catalogue::product);
    }

    /** A new merchant; its creator becomes its administrator (every action on it). */
    Merchant createMerchant(long owner, String name) {
        Merchant merchant = new Merchant(UUID.randomUUID(), name, owner, StoredTime.now());
        try {
            return tx.execute(status -> {
                jdbc.sql("insert into merchants (id, name, owner_id, created_at) values (?, ?, ?, ?)")
                        .params(merchant.id(), merchant.name(), owner, merchant.createdAt()).update();
                String subject = Long.toString(owner);
                // Its creator adds products from the next request on, on every instance (read-your-writes).
                policies.grant(subject, "merchants", merchant.id().toString(), "*");
                return merchant;
            });
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("A merchant named '" + name + "' exists already");
        }
    }

    Optional<Merchant> merchant(UUID id) {
        return jdbc.sql("select " + MERCHANT_COLUMNS + " from merchants where id = ?").param(id)
                .query(Catalogue::merchant).optional();
    }

    Page<Merchant> merchants(VisibleIds visible, PageRequest page) {
        return merchants.page(VisibleRows.ofUuids(visible), page);
    }

    Product addProduct(UUID merchantId, String name, String description, Money price, int quantity) {
        merchant(merchantId).orElseThrow(() -> ProblemException.notFound("Merchant " + merchantId));
        OffsetDateTime now = StoredTime.now();
        Product product = new Product(UUID.randomUUID(), merchantId, name, description, price, quantity, now, now);
        try {
            jdbc.sql("""
                    insert into products (id, merchant_id, name, description, price, available, stocked, created_at, updated_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(product.id(), merchantId, name, description, price.amount(), quantity, quantity, now, now)
                    .update();
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("The merchant has a product named '" + name + "' already");
        }
        return product;
    }

    /**
     * Sets what orders may still reserve. One statement, so a reservation committing meanwhile is
     * neither lost nor doubled: {@code stocked} moves by exactly the change of {@code available}.
     */
    Product setAvailable(UUID merchantId, UUID productId, int available) {
        int updated = jdbc.sql("""
                update products set stocked = stocked + (? - available), available = ?, updated_at = ?
                where id = ? and merchant_id = ?""")
                .params(available, available, StoredTime.now(), productId, merchantId)
                .update();
        if (updated == 0) {
            throw ProblemException.notFound("Product " + productId + " of merchant " + merchantId);
        }
        return product(productId).orElseThrow();
    }

    Optional<Product> product(UUID id) {
        return jdbc.sql("select " + PRODUCT_COLUMNS + " from products where id = ?").param(id)
                .query(Catalogue::product).optional();
    }

    /** @param merchantId the merchant whose products these are, or null for every merchant's */
    Page<Product> products(VisibleIds visible, UUID merchantId, PageRequest page) {
        return products.page(VisibleRows.ofUuids(visible),
                merchantId == null ? Map.of() : Map.of("merchant_id", merchantId), page);
    }

    private static Merchant merchant(ResultSet rs, int row) throws SQLException {
        return new Merchant(rs.getObject("id", UUID.class), rs.getString("name"), rs.getLong("owner_id"),
                rs.getObject("created_at", OffsetDateTime.class));
    }

    private static Product product(ResultSet rs, int row) throws SQLException {
        return new Product(rs.getObject("id", UUID.class), rs.getObject("merchant_id", UUID.class), rs.getString("name"),
                rs.getString("description"), new Money(rs.getBigDecimal("price")), rs.getInt("available"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }
}
