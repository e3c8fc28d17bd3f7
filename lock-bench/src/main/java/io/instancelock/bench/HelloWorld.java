package io.instancelock.bench;

/** The start-up floor: the least a Java program does. */
public final class HelloWorld {

    private HelloWorld() {}

    public static void main(String[] args) {
        System.out.println("hello, world");
    }
}
