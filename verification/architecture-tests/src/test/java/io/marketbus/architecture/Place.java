package io.marketbus.architecture;

/** Where one of our classes lives: its module ({@code services/order}) and whether it is test code. */
record Place(String module, Layer layer, Part part) {

    enum Part {
        MAIN,
        TEST
    }

    static Place main(String module) {
        return new Place(module, Layer.ofModule(module), Part.MAIN);
    }

    static Place test(String module) {
        return new Place(module, Layer.ofModule(module), Part.TEST);
    }

    boolean isTest() {
        return part == Part.TEST;
    }

    boolean sameModuleAs(Place other) {
        return module.equals(other.module);
    }

    @Override
    public String toString() {
        return module + " (" + part.name().toLowerCase() + ")";
    }
}
