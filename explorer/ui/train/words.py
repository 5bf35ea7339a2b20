"""The Train page's words, English and Russian side by side."""

WORDS: dict[str, dict[str, str]] = {
    "train_title": {"en": "Train a GAN", "ru": "Обучение GAN"},
    "train_intro": {
        "en": "Pick a recipe in the sidebar and press Start. After every epoch the generator draws the same 16 "
        "noise vectors again, so you see the same pictures take shape.",
        "ru": "Выберите рецепт на боковой панели и нажмите «Старт». После каждой эпохи генератор рисует те же "
        "16 векторов шума, и видно, как одни и те же картинки обретают форму.",
    },
    "settings": {"en": "Training settings", "ru": "Настройки обучения"},
    "preset": {"en": "Recipe", "ru": "Рецепт"},
    "dataset": {"en": "Pictures", "ru": "Картинки"},
    "epochs": {"en": "Epochs", "ru": "Эпохи"},
    "hyper": {"en": "Hyperparameters", "ru": "Гиперпараметры"},
    "lr_d": {"en": "D learning rate", "ru": "Скорость обучения D"},
    "lr_d_help": {
        "en": "How big D's steps are. Lower it when D wins too easily.",
        "ru": "Размер шага D. Уменьшите, если D слишком легко побеждает.",
    },
    "lr_g": {"en": "G learning rate", "ru": "Скорость обучения G"},
    "lr_g_help": {"en": "How big G's steps are.", "ru": "Размер шага G."},
    "beta1": {"en": "Adam β1 (momentum)", "ru": "β1 в Adam (инерция)"},
    "beta1_help": {
        "en": "The DCGAN paper uses 0.5: the default 0.9 makes the game oscillate.",
        "ru": "В статье DCGAN 0.5: значение по умолчанию 0.9 раскачивает игру.",
    },
    "batch": {"en": "Batch size", "ru": "Размер батча"},
    "batch_help": {"en": "Pictures per step.", "ru": "Картинок за шаг."},
    "latent": {"en": "Noise size (latent)", "ru": "Размер шума (латентного вектора)"},
    "smooth": {"en": "Real label (smoothing)", "ru": "Метка настоящих (сглаживание)"},
    "smooth_help": {
        "en": "D's target for real pictures: 0.9 keeps D from getting over-confident.",
        "ru": "Цель D для настоящих картинок: 0.9 не даёт D стать слишком уверенным.",
    },
    "half": {"en": "Half batch for D", "ru": "Половина батча для D"},
    "half_help": {
        "en": "D sees half a batch of real and half of fake pictures (lecture notes).",
        "ru": "D видит пол-батча настоящих и пол-батча поддельных картинок (конспект лекций).",
    },
    "d_steps": {"en": "D steps per G step", "ru": "Шагов D на шаг G"},
    "d_steps_help": {"en": "Train D k times for each G update.", "ru": "Обучать D k раз на каждое обновление G."},
    "skip_d": {"en": "Skip D while its loss is below", "ru": "Пропускать D, пока его потери ниже"},
    "skip_d_help": {
        "en": "0 = never. Gives G a chance when D wins (lesson on training problems).",
        "ru": "0 — никогда. Даёт G шанс, когда D побеждает (урок о проблемах обучения).",
    },
    "lr_vae": {"en": "Learning rate", "ru": "Скорость обучения"},
    "lr_vae_help": {
        "en": "How big the steps of the encoder and the decoder are.",
        "ru": "Размер шага кодировщика и декодера.",
    },
    "beta1_vae_help": {
        "en": "A VAE is not a game between two nets: Adam's usual 0.9 works.",
        "ru": "VAE — не игра двух сетей: обычное для Adam значение 0.9 подходит.",
    },
    "latent_vae_help": {
        "en": "How many numbers the encoder squeezes a picture into, and the decoder draws from.",
        "ru": "В сколько чисел кодировщик сжимает картинку и из скольких декодер её рисует.",
    },
    "kl_weight": {"en": "Weight of the KL term", "ru": "Вес слагаемого KL"},
    "kl_weight_help": {
        "en": "1 is the VAE. Lower: sharper rebuilt pictures, but random noise decodes to worse ones. "
        "Higher: a smoother latent space and blurrier pictures.",
        "ru": "1 — обычный VAE. Меньше — восстановленные картинки чётче, но из случайного шума "
        "получаются хуже. Больше — латентное пространство глаже, картинки размытее.",
    },
    "start": {"en": "Start", "ru": "Старт"},
    "pause": {"en": "Pause", "ru": "Пауза"},
    "resume": {"en": "Resume", "ru": "Продолжить"},
    "stop": {"en": "Stop", "ru": "Стоп"},
    "reset": {"en": "Reset", "ru": "Сброс"},
    "new_run": {"en": "New run", "ru": "Новый запуск"},
    "ask_run_body": {
        "en": "The current run has trained **{epoch} epochs** ({step:,} steps). Its pictures, charts and "
        "checkpoint will be lost: to keep them, press *Keep it* and use the downloads below the charts "
        "(they appear once the run is paused or stopped).",
        "ru": "Текущий запуск обучен на **{epoch} эпохах** ({step:,} шагов). Его картинки, графики и контрольная "
        "точка пропадут: чтобы их сохранить, нажмите «Оставить» и скачайте их под графиками (кнопки "
        "появляются, когда запуск на паузе или остановлен).",
    },
    "ask_new_run": {"en": "Discard it and start anew", "ru": "Выбросить и начать заново"},
    "ask_reset": {"en": "Discard it", "ru": "Выбросить"},
    "no_run": {"en": "Nothing is training yet: press Start.", "ru": "Пока ничего не обучается: нажмите «Старт»."},
    "loading": {"en": "Preparing the data…", "ru": "Подготовка данных…"},
    "paused": {"en": "Paused.", "ru": "Пауза."},
    "stopped": {"en": "Stopped.", "ru": "Остановлено."},
    "finished": {"en": "Finished.", "ru": "Готово."},
    "progress": {
        "en": "Epoch {epoch}/{total} · step {step} · {rate} images/s · {device} · ETA {eta}",
        "ru": "Эпоха {epoch}/{total} · шаг {step} · {rate} картинок/с · {device} · осталось {eta}",
    },
    "duration_s": {"en": "{s} s", "ru": "{s} с"},
    "duration_min": {"en": "{m} min {s:02d} s", "ru": "{m} мин {s:02d} с"},
    "duration_h": {"en": "{h} h {m:02d} min", "ru": "{h} ч {m:02d} мин"},
    "generated": {"en": "Generated (the same noise every epoch)", "ru": "Сгенерировано (один и тот же шум)"},
    "real": {"en": "Real pictures", "ru": "Настоящие картинки"},
    "losses_chart": {"en": "Losses", "ru": "Потери"},
    "dx_chart": {
        "en": "D(x) and D(G(z)): D's belief that a picture is real",
        "ru": "D(x) и D(G(z)): насколько D верит, что картинка настоящая",
    },
    "reconstructed": {"en": "The same pictures, rebuilt by the VAE", "ru": "Те же картинки, восстановленные VAE"},
    "vae_losses_chart": {
        "en": "Losses: reconstruction and KL (per picture)",
        "ru": "Потери: восстановление и KL (на картинку)",
    },
    "curve_d_loss": {"en": "D loss", "ru": "потери D"},
    "curve_g_loss": {"en": "G loss", "ru": "потери G"},
    "curve_d_real": {"en": "D(x)", "ru": "D(x)"},
    "curve_d_fake": {"en": "D(G(z))", "ru": "D(G(z))"},
    "curve_recon": {"en": "reconstruction", "ru": "восстановление"},
    "curve_kl": {"en": "KL", "ru": "KL"},
    "timeline": {"en": "Look back: epoch", "ru": "Назад во времени: эпоха"},
    "follow": {"en": "Follow the latest epoch", "ru": "Показывать последнюю эпоху"},
    "explain": {"en": "What am I looking at?", "ru": "Что здесь показано?"},
    "explain_body": {
        "en": "**D loss** falls when D tells real from fake; **G loss** falls when G fools D. In a healthy game "
        "neither wins for long: the two curves wander around each other. **D(x)** is D's average "
        "belief that real pictures are real, **D(G(z))** the same for G's pictures; if D(G(z)) sinks "
        "to 0 and stays there, D has won and G learns little: lower D's learning rate, skip D's "
        "update while its loss is low, or smooth the real labels.",
        "ru": "**Потери D** падают, когда D отличает настоящее от подделки; **потери G** — когда G обманывает D. "
        "В здоровой игре никто не побеждает надолго: кривые блуждают друг около друга. **D(x)** — "
        "средняя уверенность D, что настоящие картинки настоящие, **D(G(z))** — то же для картинок G; "
        "если D(G(z)) падает к 0 и там остаётся, D победил, и G почти не учится: уменьшите скорость "
        "обучения D, пропускайте шаг D при малых потерях или сгладьте метки.",
    },
    "explain_vae_body": {
        "en": "A **VAE** is not a GAN: nobody judges its pictures. Its **encoder** squeezes each real picture into "
        "a few numbers (a point in the latent space, with some uncertainty), and its **decoder** draws the "
        "picture back from them. **Reconstruction loss** falls as the rebuilt pictures get closer to the "
        "real ones. **KL loss** measures how far the encoder's points stray from plain random noise; "
        "keeping it small is what lets the decoder draw a new picture from any random noise vector. "
        "Because it is rewarded for being right *on average*, a VAE's pictures come out blurrier than a "
        "GAN's.",
        "ru": "**VAE** — не GAN: его картинки никто не судит. Его **кодировщик** сжимает каждую настоящую картинку "
        "в несколько чисел (точку в латентном пространстве, с некоторой неопределённостью), а **декодер** "
        "рисует картинку обратно по этим числам. **Потеря восстановления** падает, когда восстановленные "
        "картинки становятся ближе к настоящим. **Потеря KL** показывает, насколько точки кодировщика "
        "отходят от обычного случайного шума; пока она мала, декодер может нарисовать новую картинку из "
        "любого случайного вектора. VAE награждают за правоту *в среднем*, поэтому его картинки "
        "получаются размытее, чем у GAN.",
    },
    "problems": {"en": "Training problems, one click each", "ru": "Проблемы обучения — по одному щелчку"},
    "problems_intro": {
        "en": "Each button starts a run that provokes one of the problems from the lesson, on this "
        "computer, within a minute. Then the page says what to watch and offers the fix.",
        "ru": "Каждая кнопка запускает обучение, в котором за минуту на этом компьютере возникает "
        "одна из проблем из урока. Затем страница подскажет, на что смотреть, и предложит "
        "исправление.",
    },
    "problem_show": {"en": "Show it", "ru": "Показать"},
    "problem_shown": {
        "en": "This run shows a training problem: {title}",
        "ru": "Это обучение показывает проблему: {title}",
    },
    "problem_fixed": {
        "en": "This run tries the fix for: {title}",
        "ru": "Это обучение пробует исправление для: {title}",
    },
    "problem_watch": {"en": "What to watch:", "ru": "На что смотреть:"},
    "problem_fix": {"en": "Try the fix", "ru": "Попробовать исправление"},
    "exports": {"en": "Take it with you", "ru": "Забрать с собой"},
    "gif": {"en": "Training as a GIF", "ru": "Обучение в GIF"},
    "csv": {"en": "Losses (CSV)", "ru": "Потери (CSV)"},
    "ckpt": {"en": "Checkpoint", "ru": "Чекпойнт"},
    "config_json": {"en": "Settings (JSON)", "ru": "Настройки (JSON)"},
    "exports_when": {
        "en": "Pause or stop the training to download its results.",
        "ru": "Поставьте обучение на паузу или остановите его, чтобы скачать результаты.",
    },
    "d_wins": {
        "en": "**D is winning.** It spots almost every fake (D(G(z)) ≈ 0), so G gets almost no signal to learn from.",
        "ru": "**D побеждает.** Он распознаёт почти каждую подделку (D(G(z)) ≈ 0), и G почти не получает сигнала "
        "для обучения.",
    },
    "quality_chart": {
        "en": "Digit judge: score per epoch, and which digits G draws",
        "ru": "Судья цифр: оценка по эпохам и какие цифры рисует G",
    },
    "mode_collapse": {
        "en": "**Mode collapse?** The judge sees G drawing mostly {detail}: it has found a few pictures that fool D "
        "and forgets the other digits.",
        "ru": "**Коллапс мод?** Судья видит, что G рисует в основном {detail}: он нашёл несколько картинок, "
        "обманывающих D, и забывает остальные цифры.",
    },
    "no_variety": {
        "en": "**Mode collapse?** G's pictures have stopped varying: they differ from one another only {detail} as "
        "much as real pictures do. It has found one picture that fools D and draws it for every noise "
        "vector.",
        "ru": "**Коллапс мод?** Картинки G перестали различаться: они отличаются друг от друга лишь на {detail} "
        "от того, как различаются настоящие. G нашёл одну картинку, обманывающую D, и рисует её для "
        "любого шума.",
    },
    # what to try (explorer/gan/diagnostics.py FIXES), without what the run already does
    "fix_try": {"en": "Try {fixes}.", "ru": "Попробуйте {fixes}."},
    "fix_or": {"en": "or", "ru": "или"},
    "fix_lower_lr_d": {"en": "a lower D learning rate", "ru": "уменьшить скорость обучения D"},
    "fix_skip_d": {
        "en": "skipping D's update while its loss is below 0.3",
        "ru": "пропускать шаг D, пока его потери ниже 0.3",
    },
    "fix_smooth": {"en": "smoothing the real labels to 0.9", "ru": "сгладить метки настоящих до 0.9"},
    "fix_lower_lr": {"en": "lower learning rates", "ru": "уменьшить скорости обучения"},
    "fix_seed": {"en": "another seed", "ru": "сменить seed"},
    "ds_mnist": {"en": "MNIST (digits)", "ru": "MNIST (цифры)"},
    "ds_fashion": {"en": "Fashion-MNIST (clothes)", "ru": "Fashion-MNIST (одежда)"},
    "ds_pictures": {"en": "Your own pictures", "ru": "Свои картинки"},
    "upload": {
        "en": "A zip of pictures (or several picture files)",
        "ru": "Zip-архив с картинками (или несколько файлов картинок)",
    },
    "upload_help": {
        "en": "PNG, JPEG, GIF, BMP, WebP or TIFF; each is cropped to its central square and shrunk. Faces, "
        "cats, leaves: a few hundred similar pictures are enough to see something (the slides used "
        "10,000 faces). Files that are not pictures are skipped and counted.",
        "ru": "PNG, JPEG, GIF, BMP, WebP или TIFF; из каждой вырезается центральный квадрат и уменьшается. Лица, "
        "кошки, листья: нескольких сотен похожих картинок хватит, чтобы что-то увидеть (на слайдах — "
        "10\u00a0000 лиц). Файлы, которые не являются картинками, пропускаются и подсчитываются.",
    },
    "picture_size": {"en": "Train at", "ru": "Размер для обучения"},
    "upload_first": {"en": "Upload pictures to train on them.", "ru": "Загрузите картинки, чтобы обучать на них."},
    "reading": {"en": "Reading the pictures…", "ru": "Чтение картинок…"},
    "too_few_for_batch": {
        "en": "{pictures} are fewer than one batch for D ({batch}): upload more or choose a smaller batch.",
        "ru": "{pictures} — меньше одного батча для D ({batch}): загрузите больше или уменьшите батч.",
    },
    "pictures_gone": {
        "en": "The pictures read for this run are no longer here. Upload them again and press Start.",
        "ru": "Картинки, прочитанные для этого обучения, больше недоступны. Загрузите их снова и нажмите «Старт».",
    },
    "start_failed": {
        "en": "Could not start: {error}. Free some disk space and press Start again.",
        "ru": "Не удалось начать: {error}. Освободите место на диске и снова нажмите «Старт».",
    },
    "epoch_n": {"en": "epoch {n}", "ru": "эпоха {n}"},
    "axis_step": {"en": "step", "ru": "шаг"},
    "axis_epoch": {"en": "epoch", "ru": "эпоха"},
    "axis_digit": {"en": "digit", "ru": "цифра"},
    "per_epoch": {"en": "epoch mean", "ru": "среднее за эпоху"},
    "click_hint": {
        "en": "click an epoch's dot to see its pictures",
        "ru": "щёлкните по точке эпохи, чтобы увидеть её картинки",
    },
    # Recorded runs (recordings.py)
    "rec_title": {"en": "Recorded runs of the lesson's recipes", "ru": "Записи обучения рецептов из уроков"},
    "rec_intro": {
        "en": "The lesson's own recipes need 15 minutes or more on a laptop. Each one was trained once to the end "
        "on the 5,000 digits that come with the app: watch it at any speed, stop anywhere, and carry on "
        "training live from there.",
        "ru": "Рецептам из уроков на ноутбуке нужно 15 минут и больше. Каждый из них один раз обучен до конца на 5 000 "
        "цифр, которые есть в приложении: смотрите с любой скоростью, останавливайтесь где угодно и учите "
        "дальше вживую с этого места.",
    },
    "rec_open": {"en": "Watch the recording", "ru": "Смотреть запись"},
    "rec_about": {"en": "{epochs}, trained in {duration}", "ru": "{epochs}, обучение заняло {duration}"},
    "rec_broken": {"en": "This recording cannot be read: {error}", "ru": "Эту запись не удалось прочитать: {error}"},
    "rec_playing": {"en": "Recording: {title}", "ru": "Запись: {title}"},
    "rec_made": {
        "en": "Trained once on {device} in {duration}. {data}",
        "ru": "Обучен один раз, {device}, за {duration}. {data}",
    },
    "rec_play": {"en": "Play", "ru": "Смотреть"},
    "rec_pause": {"en": "Pause", "ru": "Пауза"},
    "rec_again": {"en": "Again", "ru": "Сначала"},
    "rec_speed": {"en": "Epochs per second", "ru": "Эпох в секунду"},
    "rec_continue": {"en": "Train live from here", "ru": "Учить дальше"},
    "rec_close": {"en": "Close the recording", "ru": "Закрыть запись"},
    "rec_progress": {"en": "Epoch {epoch} of {total} (recorded)", "ru": "Эпоха {epoch} из {total} (запись)"},
    "rec_epoch": {"en": "Epoch of the recording", "ru": "Эпоха записи"},
    "rec_continue_from": {
        "en": "“Train live from here” goes on from epoch {epoch}: the latest of the epochs whose networks the "
        "recording keeps ({kept}).",
        "ru": "«Учить дальше» продолжит живое обучение с эпохи {epoch}: это последняя "
        "из эпох, сети которых сохранены в "
        "записи ({kept}).",
    },
}
