package io.marketbus.architecture;

/** The top-level folders of the build, in the order they may depend on each other. */
enum Layer {
    /** {@code platform/*}: shipped code every service shares. */
    PLATFORM,
    /** {@code services/*}: one module per service. */
    SERVICE,
    /** {@code operations/*}: tools for operators beside the services (the console). */
    OPERATIONS,
    /** {@code launcher}: the one runnable artifact. */
    LAUNCHER,
    /** {@code verification/*}: tests, harness, benchmarks; never shipped. */
    VERIFICATION;

    /** The layer of a module, by its path in the root pom ({@code services/order}). */
    static Layer ofModule(String module) {
        String folder = module.contains("/") ? module.substring(0, module.indexOf('/')) : module;
        return switch (folder) {
            case "platform" -> PLATFORM;
            case "services" -> SERVICE;
            case "operations" -> OPERATIONS;
            case "launcher" -> LAUNCHER;
            case "verification" -> VERIFICATION;
            // A new top-level folder needs a decision about what it may depend on.
            default -> throw new IllegalArgumentException("module " + module + " is in no known layer");
        };
    }
}
