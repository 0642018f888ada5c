//! The guard's overhead per SDK call, one command:
//!
//!     cd examples && cargo bench -p sdk-stub --bench guard_overhead
//!
//! Prints, from one run, the median time of
//! - the guard's check alone (`Guard::check_call` on a typed S3 `GetObject` input and on a
//!   DynamoDB `PutItem` input), the work its interceptor hook adds to a call;
//! - a whole S3 `GetObject` against the local stub, with the same client config without and
//!   with the guard (interleaved in rounds, so both see the same machine load).

use std::time::{Duration, Instant};

use aws_smithy_runtime_api::client::interceptors::context::Input;
use lambda_iam::guard::Guard;
use sdk_stub::{Stub, sdk_config};

#[lambda_iam::handler(
    allow("s3:GetObject", "arn:${Partition}:s3:::in-bucket/*"),
    allow("s3:PutObject", "arn:${Partition}:s3:::out-bucket/*"),
    allow(
        "dynamodb:PutItem",
        "arn:${Partition}:dynamodb:${Region}:${Account}:table/Orders"
    )
)]
#[allow(dead_code)] // only its declaration is used here
fn handler() {}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Median per-iteration time of `f`, over `rounds` rounds of `per_round` calls.
fn per_call(rounds: usize, per_round: u32, mut f: impl FnMut()) -> Duration {
    let samples = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..per_round {
                f();
            }
            start.elapsed() / per_round
        })
        .collect();
    median(samples)
}

fn main() {
    let guard = Guard::enforce(lambda_iam::declared!(handler))
        .region("eu-west-1")
        .build()
        .expect("the guard builds");

    let get = Input::erase(
        aws_sdk_s3::operation::get_object::GetObjectInput::builder()
            .bucket("in-bucket")
            .key("photos/cat.jpg")
            .build()
            .expect("input"),
    );
    let put_item = Input::erase(
        aws_sdk_dynamodb::operation::put_item::PutItemInput::builder()
            .table_name("Orders")
            .build()
            .expect("input"),
    );
    let check_get = per_call(200, 500, || {
        guard
            .check_call("S3", "GetObject", Some("s3"), Some("eu-west-1"), &get)
            .expect("allowed");
    });
    let check_put = per_call(200, 500, || {
        guard
            .check_call(
                "DynamoDB",
                "PutItem",
                Some("dynamodb"),
                Some("eu-west-1"),
                &put_item,
            )
            .expect("allowed");
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let stub = Stub::start();
    let config = sdk_config(&stub);
    let plain = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(true)
            .build(),
    );
    let guarded = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(true)
            .interceptor(guard.clone())
            .build(),
    );
    let call = |client: &aws_sdk_s3::Client| {
        runtime.block_on(async {
            client
                .get_object()
                .bucket("in-bucket")
                .key("photos/cat.jpg")
                .send()
                .await
                .expect("the stub answers")
        });
    };
    // Warm up connections and caches.
    for _ in 0..50 {
        call(&plain);
        call(&guarded);
    }
    let (mut without, mut with) = (Vec::new(), Vec::new());
    for _ in 0..40 {
        without.push(per_call(1, 50, || call(&plain)));
        with.push(per_call(1, 50, || call(&guarded)));
    }
    let (without, with) = (median(without), median(with));

    println!("guard overhead (median per call)");
    println!(
        "  check alone, S3 GetObject (typed input):     {:>9.2?}",
        check_get
    );
    println!(
        "  check alone, DynamoDB PutItem (typed input): {:>9.2?}",
        check_put
    );
    println!(
        "  S3 GetObject via the stub, without guard:    {:>9.2?}",
        without
    );
    println!(
        "  S3 GetObject via the stub, with guard:       {:>9.2?}",
        with
    );
    println!(
        "  difference: {:.2?} ({:.3}x)",
        with.saturating_sub(without),
        with.as_secs_f64() / without.as_secs_f64()
    );
    assert!(guard.violations().is_empty());
}
