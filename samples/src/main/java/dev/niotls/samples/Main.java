package dev.niotls.samples;

/** Entry point of the samples jar. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("niotls samples");
    }
}
