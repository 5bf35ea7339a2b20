"""The sentences the core says to people (where the data came from, why a run stopped), by key:
their English here, marked for the catalogue; the other languages' in explorer/locale (explorer/i18n).

`say(key, **values)` returns a `Message`: a str that is the English sentence (so the CLI, logs,
exceptions and tests read it as they are), which the app renders in the page's language
(explorer/ui/text.py `said`). It survives pickling, so it crosses from a job's worker to the page.
A value that is itself a `Message` is rendered in the same language; numbers are written the
reader's way ("60,000" / "60 000"; `Number` for decimals and percentages).
"""

from __future__ import annotations

from explorer.i18n import N_, NP_, Message, Number, Text, said_by

__all__ = ["SENTENCES", "Message", "Number", "joined", "say", "said_by"]

SENTENCES: dict[str, Text] = {
    "data_train_set": NP_(
        "{title} training set, {n} picture (torchvision, {root}).",
        "{title} training set, {n} pictures (torchvision, {root}).",
    ),
    "data_test_set": NP_(
        "{title} test set, {n} picture (torchvision, {root}).", "{title} test set, {n} pictures (torchvision, {root})."
    ),
    "data_offline": N_(
        "MNIST could not be downloaded, so this uses the 5,000 real MNIST digits that come with the app "
        "(500 of each digit)."
    ),
    "data_offline_chosen": N_(
        "The 5,000 real MNIST digits that come with the app (500 of each digit), the digits the recording was made on."
    ),
    # What a recorded run shows, in numbers measured on it (explorer/gan/recording.py)
    "rec_best": N_("Best at epoch {epoch}: judge score {score} of 10."),
    "rec_d_wins": N_(
        "From epoch {epoch} on, D wins: it spots nearly every fake (D(G(z)) below 0.05 in nine "
        "epochs of ten) and G stops getting better."
    ),
    "rec_collapse": N_("At the end G draws almost the same picture for every noise vector (mode collapse)."),
    "rec_end": N_("At the end: judge score {score}."),
    "rec_steps": N_(
        "These {epochs} of {pictures} digits are {steps}; on the full MNIST (60,000 digits) they would be {full}."
    ),
    "data_not_saved": N_(
        "MNIST is not saved on this computer, so this uses the 5,000 real MNIST digits that come with the "
        "app (500 of each digit)."
    ),
    "data_no_fashion": N_(
        "Fashion-MNIST is not on this computer and could not be downloaded. Connect to the internet once "
        "(it is then kept in {root}), or train on MNIST, which works offline."
    ),
    "data_downloading": N_("Downloading {file}"),
    "progress": N_("{what}: {percent}%"),
    "data_downloaded": N_("Download complete"),
    "training_stopped": N_("Training stopped: {error}"),
    "training_diverged": N_(
        "Training diverged: a loss became NaN or infinite between steps {good} and {bad}. The weights of "
        "step {good}, the last good ones, are kept. Lower the learning rates (halve D's first), keep label "
        "smoothing at 0.9, or train in fp32."
    ),
    # your own pictures (explorer/data/pictures.py, explorer/formats/images.py)
    "pictures_read": NP_(
        "{n} picture, centre-cropped to {size}×{size} px.", "{n} pictures, centre-cropped to {size}×{size} px."
    ),
    "pictures_skipped": NP_("{n} file skipped: {parts}.", "{n} files skipped: {parts}."),
    "skipped_for": N_("{n} {reason} ({examples})"),
    "examples_more": N_("{names} and {n} more"),
    "own_pictures": N_("Your own pictures: {summary}"),
    "pictures_not_used": N_("Only the first {most} are used ({more} more files not read)."),
    "pictures_too_few": NP_(
        "only {n} readable picture found. A GAN needs at least {least} (the slides used 10,000): upload a zip of PNG "
        "or JPEG pictures.",
        "only {n} readable pictures found. A GAN needs at least {least} (the slides used 10,000): upload a zip of PNG "
        "or JPEG pictures.",
    ),
    "pictures_too_few_skipped": NP_(
        "only {n} readable picture found; {files} skipped. A GAN needs at least {least} (the slides used 10,000): "
        "upload a zip of PNG or JPEG pictures.",
        "only {n} readable pictures found; {files} skipped. A GAN needs at least {least} (the slides used 10,000): "
        "upload a zip of PNG or JPEG pictures.",
    ),
    "digit_unreadable": N_("{why}; upload a PNG or JPEG of one digit"),
    "digit_blank": N_("no digit found in the picture (it looks blank); draw it darker or bigger"),
    "picture_not_pictures": N_("that file is not a picture that can be read (PNG, JPEG, WebP, GIF, BMP or TIFF)"),
    "picture_damaged": N_("that picture is damaged and cannot be read"),
    "picture_empty": N_("that file is empty"),
    # the cluster backend (explorer/jobs/cluster/): a replica that cannot reach the job service
    "cluster_unavailable": N_(
        "Trainings, games and paintings cannot start or be shown right now: this server cannot reach "
        "the computers that run them. The teacher can check the cluster; the other pages work."
    ),
    "picture_is": N_("that picture is {reason}"),
    "job_files": N_("could not prepare the files of the {what}: {why}"),
    "could_not_start": N_("Could not start: {error}"),
    "game_finished": NP_("Finished {n} epoch.", "Finished {n} epochs."),
    # counts, their noun agreeing with the number (gettext's plural forms)
    "pictures": NP_("{n} picture", "{n} pictures"),
    "files": NP_("{n} file", "{n} files"),
    "epochs": NP_("{n} epoch", "{n} epochs"),
    "steps": NP_("{n} step", "{n} steps"),
    "points": NP_("{n} point", "{n} points"),
    "cpu": NP_("CPU ({n} thread)", "CPU ({n} threads)"),
    # why a file was left out, short, as a list of skipped files says it (explorer/formats/images.py)
    "reason_not_pictures": N_("not pictures"),
    "reason_damaged": N_("damaged"),
    "reason_empty": N_("empty"),
    "reason_password": N_("protected by a password"),
    "reason_bomb": N_("too many pixels (a decompression bomb?)"),
    "reason_too_large": N_("larger than {mb} MB"),
    "reason_too_many_pixels": N_("over {pixels} pixels"),
    "reason_too_small": N_("smaller than {px} px"),
    "reason_unreadable": N_("unreadable: {path} ({why})"),
}


def say(key: str, **values) -> Message:
    """The sentence `key` of SENTENCES with `values` filled in (a plural's count is `n`)."""
    return Message(SENTENCES[key], **values)


def joined(parts: list[Message], between: str = " ") -> Message:
    """Messages one after another, `between` them (punctuation, not words: the template has none,
    so every language keeps it as it is)."""
    return Message(between.join(f"{{p{i}}}" for i in range(len(parts))), **{f"p{i}": p for i, p in enumerate(parts)})
