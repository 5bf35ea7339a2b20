"""The GAN-and-VAE page's words, English and Russian side by side."""

WORDS: dict[str, dict[str, str]] = {
    "nav_compare": {"en": "GAN and VAE", "ru": "GAN и VAE"},
    "cmp_title": {"en": "A GAN beside a VAE", "ru": "GAN рядом с VAE"},
    "cmp_intro": {
        "en": "Both draw digits from random numbers, but they learn differently. A GAN's generator learns by fooling "
        "a judge (D). A VAE learns to squeeze a real picture into a few numbers and draw it back. Compare what "
        "that does to their pictures.",
        "ru": "Обе сети рисуют цифры из случайных чисел, но учатся по-разному. Генератор GAN учится, обманывая судью "
        "(D). VAE учится сжимать настоящую картинку в несколько чисел и рисовать её обратно. Сравните, как "
        "это сказывается на картинках.",
    },
    "cmp_gan": {"en": "GAN", "ru": "GAN"},
    "cmp_vae": {"en": "VAE", "ru": "VAE"},
    "cmp_need": {
        "en": "This page needs a GAN and a VAE: ship one of each (`python -m explorer ship`), or train one "
        "on the Train page.",
        "ru": "Для этой страницы нужны GAN и VAE: положите по одной модели в checkpoints/ "
        "(`python -m explorer ship`) или обучите модель на странице обучения.",
    },
    "cmp_samples": {"en": "Pictures from random numbers", "ru": "Картинки из случайных чисел"},
    "cmp_seed": {"en": "Random numbers no.", "ru": "Случайные числа №"},
    "cmp_another": {"en": "New numbers", "ru": "Новые числа"},
    "cmp_sharpness": {
        "en": "Sharpness: {share} (real digits: 100%)",
        "ru": "Чёткость: {share} (у настоящих цифр — 100 %)",
    },
    "cmp_sharp_chart": {
        "en": "How sharp the strokes are (real digits = 100 %)",
        "ru": "Насколько чёткие штрихи (настоящие цифры = 100 %)",
    },
    "cmp_real_digits": {"en": "Real digits", "ru": "Настоящие цифры"},
    "cmp_sharp_says": {
        "en": "The VAE's strokes have {vae} of real digits' sharpness, the GAN's {gan}. A VAE is rewarded for being "
        "right *on average*, and the average of many possible strokes is a blur. A GAN's judge spots blur at "
        "once, so its generator learns crisp strokes.",
        "ru": "У штрихов VAE {vae} чёткости настоящих цифр, у GAN — {gan}. VAE награждают за правоту *в среднем*, "
        "а среднее многих возможных штрихов — это размытое пятно. Судья GAN сразу замечает размытость, "
        "поэтому генератор GAN учится рисовать чёткие штрихи.",
    },
    "cmp_sharp_over": {
        "en": "(Over 100%: the GAN's stray specks count as edges too.)",
        "ru": "(Больше 100 %: случайные крапинки GAN тоже считаются краями.)",
    },
    "cmp_sharp_how": {"en": "How sharpness is measured", "ru": "Как измеряется чёткость"},
    "cmp_sharp_how_body": {
        "en": "For every pixel, the difference between it and its four neighbours (the Laplacian): large at a "
        "crisp edge, small on a blurred one. The spread (variance) of these differences over a picture is a "
        "camera's usual focus measure. Averaged over {n} pictures of each model, divided by the same for "
        "{n} real digits.",
        "ru": "Для каждого пикселя берётся разница между ним и четырьмя соседями (лапласиан): она велика на чёткой "
        "границе и мала на размытой. Разброс (дисперсия) этих разниц по картинке — обычная мера резкости в "
        "фотоаппаратах. Среднее по {n} картинкам каждой модели делится на то же для {n} настоящих цифр.",
    },
    "cmp_walk": {"en": "The same walk on both", "ru": "Одна и та же прогулка в обеих"},
    "cmp_walk_says": {
        "en": "Each model walks from the picture of A it draws most surely to its surest B. A VAE's latent space "
        "is smooth by construction (its KL term packs the pictures together around zero), so its pictures "
        "change gradually; a GAN's may linger on one digit and then switch. Under each picture: the digit "
        "the judge reads.",
        "ru": "Каждая модель идёт от картинки A, в которой она увереннее всего, к своей самой уверенной B. "
        "Латентное пространство VAE гладкое по построению (слагаемое KL собирает картинки вместе около "
        "нуля), поэтому картинки меняются постепенно; у GAN цифра может долго держаться, а потом "
        "смениться. Под каждой картинкой — цифра, которую видит судья.",
    },
    "cmp_from": {"en": "From", "ru": "От"},
    "cmp_to": {"en": "To", "ru": "До"},
    "cmp_no_digit": {
        "en": "The {model} draws no {digit} among 2 000 pictures: choose another digit.",
        "ru": "{model} не рисует цифру {digit} ни на одной из 2 000 картинок: выберите другую.",
    },
    "cmp_judge_reads": {"en": "The judge reads: {digits}", "ru": "Судья видит: {digits}"},
    "cmp_rebuild": {"en": "What the VAE keeps of a real digit", "ru": "Что VAE сохраняет от настоящей цифры"},
    "cmp_rebuild_says": {
        "en": "Top: real digits. Bottom: the same digits after the VAE squeezed each into {n} numbers and drew it "
        "back. The shape survives, the crisp edges and small details do not ({share} of the real digits' "
        "sharpness). A GAN has no encoder, so it cannot do this at all.",
        "ru": "Сверху — настоящие цифры. Снизу — те же цифры после того, как VAE сжал каждую в {n} чисел и нарисовал "
        "обратно. Форма сохраняется, а чёткие края и мелкие детали — нет ({share} чёткости настоящих цифр). "
        "У GAN нет кодировщика, поэтому он так не умеет вовсе.",
    },
    "cmp_rebuild_live": {
        "en": "The live run's reconstructions are on the Train page, under the real pictures.",
        "ru": "Восстановленные картинки обучаемой сейчас модели — на странице обучения, под настоящими картинками.",
    },
    "cmp_other_digits": {"en": "Other real digits", "ru": "Другие настоящие цифры"},
}
