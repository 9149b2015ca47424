// A user's application on the module path: it reads only failover4j's API module; the Linux
// provider is bound through ServiceLoader. Compiled and run by ModulePathTest.
module app {
    requires dev.failover4j;
    uses dev.failover4j.spi.NetworkProvider; // only for the application's own lookup below
}
