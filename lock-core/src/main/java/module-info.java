/**
 * instance-lock's core: account locks, their records and the rules that judge them, and the SPI that
 * backends implement. Plain JDK only.
 */
module io.instancelock.core {
    exports io.instancelock.core;
    exports io.instancelock.core.spi;

    uses io.instancelock.core.spi.LockBackendFactory;
    uses io.instancelock.core.spi.ProcessProbe;
}
