package io.marketbus.contract;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Which service owns which resource types ({@code x-services.<service>.x-owns} in the contract). Only a
 * type's owner may grant or remove its policies by command, and a service's token may read and write
 * only its own types' policies on authzsvc.
 */
public final class ResourceOwnership {

    private final Map<ServiceName, SortedSet<String>> owned;
    private final Map<String, ServiceName> owners;

    private ResourceOwnership(Map<ServiceName, SortedSet<String>> owned, Map<String, ServiceName> owners) {
        this.owned = owned;
        this.owners = owners;
    }

    /** Reads {@code x-services}; a type with two owners or an unknown service breaks the contract. */
    static ResourceOwnership read(JsonNode document) {
        Map<ServiceName, SortedSet<String>> owned = new EnumMap<>(ServiceName.class);
        Map<String, ServiceName> owners = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : document.path("x-services").properties()) {
            ServiceName service;
            try {
                service = ServiceName.ofBusName(entry.getKey());
            } catch (IllegalArgumentException e) {
                throw new ContractException("x-services names an unknown service '" + entry.getKey() + "'");
            }
            SortedSet<String> types = new TreeSet<>();
            for (JsonNode type : entry.getValue().path("x-owns").values()) {
                ServiceName previous = owners.putIfAbsent(type.asString(), service);
                if (previous != null) {
                    throw new ContractException("Resource type " + type.asString() + " is owned by both " + previous
                            + " and " + service);
                }
                types.add(type.asString());
            }
            owned.put(service, Collections.unmodifiableSortedSet(types));
        }
        return new ResourceOwnership(owned, owners);
    }

    /** The resource types the service owns (none for a service the contract gives none). */
    public Set<String> ownedBy(ServiceName service) {
        return owned.getOrDefault(service, Collections.emptySortedSet());
    }

    /** The service that owns a resource type; empty for a type nobody owns. */
    public Optional<ServiceName> ownerOf(String resourceType) {
        return Optional.ofNullable(owners.get(resourceType));
    }

    public boolean owns(ServiceName service, String resourceType) {
        return service == owners.get(resourceType);
    }
}
