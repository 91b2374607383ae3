// Every integration suite, in the order they run.
import "./activation.test";
import "./bonds.test";
import "./deploy.test";
import "./diagnostics.test";
import "./diagram.test";
import "./switchover.test";
