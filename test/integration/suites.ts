// Every integration suite, in the order they run.
import "./activation.test";
import "./bonds.test";
import "./deploy.test";
import "./deploy-hosts.test";
import "./diagnostics.test";
import "./diagram.test";
import "./switchover.test";
