package io.marketbus.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.authz.VisibleIds;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VisibleRowsUnitTests {

    @Test
    void everyRowMeansNoIdFilter() {
        VisibleRows<UUID> rows = VisibleRows.ofUuids(VisibleIds.all());
        assertThat(rows.all()).isTrue();
        assertThat(rows.none()).isFalse();
        assertThat(rows.where()).isEmpty();
        assertThat(rows.where("merchant_id = :merchant", null)).isEqualTo("where merchant_id = :merchant");
    }

    @Test
    void onlyTheIdsOfTheTableAreKept() {
        UUID id = UUID.randomUUID();
        VisibleRows<UUID> rows = VisibleRows.ofUuids(VisibleIds.only(List.of(id.toString(), "not-a-uuid", "42")));
        assertThat(rows).isEqualTo(VisibleRows.only(Set.of(id)));
        assertThat(rows.where()).isEqualTo("where id in (:ids)");
        assertThat(rows.where("id > :after")).isEqualTo("where id > :after and id in (:ids)");
        assertThat(VisibleRows.ofNumbers(VisibleIds.only(List.of("7", "x", id.toString())))).isEqualTo(VisibleRows.only(Set.of(7L)));
    }

    @Test
    void noVisibleIdMeansNothingToQuery() {
        assertThat(VisibleRows.ofUuids(VisibleIds.none()).none()).isTrue();
        assertThat(VisibleRows.ofUuids(VisibleIds.only(List.of("not-a-uuid"))).none()).isTrue();
    }
}
