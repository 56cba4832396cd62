//! `/metrics`: Prometheus text format, through the prometheus-client crate.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    endpoint: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ResultLabels {
    result: &'static str,
}

/// The service's counters and latency histogram.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    introspections: Family<ResultLabels, Counter>,
    latency: Histogram,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("tokenctl");
        let requests = Family::<RequestLabels, Counter>::default();
        let introspections = Family::<ResultLabels, Counter>::default();
        // 50 us to about 3 s.
        let latency = Histogram::new(exponential_buckets(0.00005, 2.0, 16));
        registry.register(
            "http_requests",
            "HTTP requests by endpoint and status",
            requests.clone(),
        );
        registry.register(
            "introspections",
            "Introspection answers by result (active, or why not)",
            introspections.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            latency.clone(),
        );
        Metrics {
            registry,
            requests,
            introspections,
            latency,
        }
    }
}

impl Metrics {
    /// Count a request to `endpoint` answered with `status` after `seconds`.
    pub fn request(&self, endpoint: &'static str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels { endpoint, status })
            .inc();
        self.latency.observe(seconds);
    }

    /// Count an introspection answer: `active`, or the reason it is not.
    pub fn introspection(&self, result: &'static str) {
        self.introspections
            .get_or_create(&ResultLabels { result })
            .inc();
    }

    /// Everything, in Prometheus text format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}
